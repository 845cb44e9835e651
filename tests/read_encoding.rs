//! Legacy encodings and decoding errors (issue 11, §9, §10 and the BOM-less UTF-16 of §8):
//! every input is generated here from text written in the test.

use encoding_rs::{BIG5, EUC_KR, GBK, SHIFT_JIS};
use std::path::Path;
use taizhang::read::{decode_bytes, decode_file, is_binary};

const SAMPLES: &[&str] = &["biaotai.txt", "chengnuo.txt", "draft_with_slips.txt", "zhenggai_fangan.txt"];

fn sample(name: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("samples").join(name)).expect("sample")
}

fn gbk(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = GBK.encode(text);
    assert!(!unmappable, "not GBK: {text}");
    bytes.into_owned()
}

/// The repo's statements and some short texts, as GBK: each whole, and each line alone.
#[test]
fn gbk_archives_keep_working_long_and_short() {
    let mut texts: Vec<String> = SAMPLES.iter().map(|s| sample(s)).collect();
    texts.extend(
        ["整改", "区纪委", "张晓、李明、王芳", "一、总体要求", "（三）6月底前", "甲乙丙丁", "饕餮耄耋魑魅魍魉", "立行立改，长期坚持。", "附件：1. 问题清单"]
            .map(String::from),
    );
    let mut checked = 0;
    for text in &texts {
        for piece in std::iter::once(text.as_str()).chain(text.lines()) {
            if piece.is_ascii() || piece.trim().is_empty() {
                continue;
            }
            let d = decode_bytes("g.txt", &gbk(piece)).unwrap_or_else(|e| panic!("{e}: {piece}"));
            assert_eq!(d.encoding, "gb18030", "{piece}");
            assert_eq!(d.text.trim_end(), piece.replace("\r\n", "\n").trim_end());
            checked += 1;
        }
    }
    assert!(checked > 60, "{checked}");
    // The GBK sample as it is stored in the repository.
    let bytes = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/tongbao_gbk.txt")).unwrap();
    let d = decode_file(Path::new("tongbao_gbk.txt"), &bytes).unwrap();
    assert_eq!(d.encoding, "gb18030");
    assert!(d.text.contains("县委巡察整改工作推进情况的通报"), "{}", &d.text[..60]);
}

const TRADITIONAL: &str = "一、總體要求\n區紀委要在六月底前完成全部整改任務。我們將立即召開專題會議，明確責任分工，\
各單位要履行好主體責任，建立長效機制，堅持問題導向，確保整改工作取得實效。\n二、工作措施\n（一）加強學習教育。由區委辦公室牽頭，年底前完成。\n";

#[test]
fn big5_is_decoded_and_named() {
    let (bytes, _, unmappable) = BIG5.encode(TRADITIONAL);
    assert!(!unmappable);
    let d = decode_bytes("tw.txt", &bytes).unwrap();
    assert_eq!(d.encoding, "Big5");
    assert_eq!(d.text, TRADITIONAL);
    // One sentence is enough.
    let line = "區紀委要在六月底前完成全部整改任務。";
    let d = decode_bytes("tw.txt", &BIG5.encode(line).0).unwrap();
    assert_eq!((d.encoding.as_str(), d.text.as_str()), ("Big5", line));
}

#[test]
fn japanese_and_korean_are_refused_naming_the_encoding() {
    let japanese = "区役所は6月末までにすべての是正措置を完了しなければならない。私たちは直ちに特別会議を開き、責任を明確にする。";
    let (bytes, _, unmappable) = SHIFT_JIS.encode(japanese);
    assert!(!unmappable);
    let e = decode_bytes("ja.txt", &bytes).unwrap_err();
    assert!(e.problem.contains("Shift_JIS") && e.problem.contains("Japanese"), "{e}");
    assert_eq!(e.source, "ja.txt");
    let korean = "구청은 6월 말까지 모든 시정 조치를 완료해야 한다. 우리는 즉시 특별 회의를 열고 책임을 명확히 하며, 각 부서는 주체 책임을 이행해야 한다.";
    let (bytes, _, unmappable) = EUC_KR.encode(korean);
    assert!(!unmappable);
    let e = decode_bytes("ko.txt", &bytes).unwrap_err();
    assert!(e.problem.contains("EUC-KR") && e.problem.contains("Korean"), "{e}");
}

#[test]
fn utf16_without_a_bom_is_read_not_skipped() {
    let text = sample("biaotai.txt");
    for (le, name) in [(true, "UTF-16LE"), (false, "UTF-16BE")] {
        let bytes: Vec<u8> = text.encode_utf16().flat_map(|u| if le { u.to_le_bytes() } else { u.to_be_bytes() }).collect();
        assert!(!is_binary(&bytes), "a walk must not skip it");
        let d = decode_file(Path::new("u16.txt"), &bytes).unwrap();
        assert_eq!(d.encoding, name);
        assert_eq!(d.text, text.replace("\r\n", "\n"));
    }
    // Damaged: an unpaired surrogate; the error says where.
    let mut bytes: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    bytes.splice(100..100, [0x00, 0xD8, 0x41, 0x00]);
    let e = decode_bytes("u16.txt", &bytes).unwrap_err();
    assert!(e.problem.contains("UTF-16LE") && e.problem.contains("at byte 100"), "{e}");
}

#[test]
fn decoding_errors_give_the_byte_offset() {
    // UTF-16 with a BOM and an unpaired surrogate at byte 6 (BOM counted).
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend("整改".encode_utf16().flat_map(u16::to_le_bytes));
    bytes.extend([0x00, 0xDC]);
    let e = decode_bytes("bom.txt", &bytes).unwrap_err();
    assert!(e.problem.contains("invalid UTF-16LE text at byte 6"), "{e}");
    // GBK with a stray byte in the middle.
    let mut bytes = gbk(&sample("zhenggai_fangan.txt"));
    bytes.insert(300, 0xFF);
    let e = decode_bytes("gbk.txt", &bytes).unwrap_err();
    assert!(e.problem.contains("GB18030/GBK") && e.problem.contains("at byte 300"), "{e}");
    // UTF-8 with one damaged sequence: not read as GBK mojibake.
    let text = sample("biaotai.txt");
    let cut = (text.len() / 2..).find(|&i| text.is_char_boundary(i)).unwrap();
    let mut bytes = text.as_bytes().to_vec();
    bytes.insert(cut, 0xFF);
    let e = decode_bytes("u8.txt", &bytes).unwrap_err();
    assert!(e.problem.contains(&format!("invalid UTF-8 at byte {cut}")), "{e}");
}

#[test]
fn utf16_without_a_bom_or_any_ascii() {
    let text = "区纪委要在六月底前完成全部整改任务，我们将立即召开专题会议，明确责任分工，建立长效机制。";
    for le in [true, false] {
        let bytes: Vec<u8> = text.encode_utf16().flat_map(|u| if le { u.to_le_bytes() } else { u.to_be_bytes() }).collect();
        let d = decode_bytes("u16.txt", &bytes).unwrap();
        assert_eq!(d.text, text);
    }
}

#[test]
fn western_legacy_text_keeps_its_encoding() {
    let text = "Le comité régional doit achever la rectification avant la fin juin. Nous réunirons immédiatement une séance spéciale.\n";
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(text);
    let d = decode_bytes("fr.txt", &bytes).unwrap();
    assert_eq!((d.encoding.as_str(), d.text.as_str()), ("windows-1252", text));
}
