//! Prepares jieba's data for a fast start (see `src/extract/segment/dict.rs` and `pos.rs`).
//!
//! jieba-rs embeds its dictionary (about 350,000 words) and its part-of-speech model as
//! compressed text that `Jieba::new()` parses at every start. This script reads the same two
//! files from the jieba-rs package that cargo resolved, merges the domain dictionary into the
//! word list the way `Jieba::load_dict` does, and writes both as flat little-endian tables
//! that the binary embeds and reads in place, with no parsing:
//!
//! - the words, sorted by their UTF-8 bytes (so the words that start with one character, or
//!   one pair of characters, are a contiguous range), with their frequency and tag;
//! - the distinct first character pairs (the first character alone for a one-character word)
//!   and where each one's range starts;
//! - the part-of-speech model: start and transition log-probabilities, and per character its
//!   candidate states with their emission log-probabilities.
//!
//! The jieba-rs package is found with `cargo metadata`; `TAIZHANG_JIEBA_DIR` may name its
//! folder instead (for builds without cargo's registry).

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=dictionaries/segment.dict");
    println!("cargo:rerun-if-env-changed=TAIZHANG_JIEBA_DIR");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR"));
    let jieba = jieba_dir();
    let dict_path = jieba.join("src/data/dict.txt");
    let pos_path = jieba.join("src/data/posseg.txt");
    println!("cargo:rerun-if-changed={}", dict_path.display());
    println!("cargo:rerun-if-changed={}", pos_path.display());
    let dict = read(&dict_path);
    let domain = read(Path::new("dictionaries/segment.dict"));
    let posseg = read(&pos_path);

    let mut meta = String::new();
    write_dictionary(&out, &dict, &domain, &mut meta);
    write_pos_model(&out, &posseg, &mut meta);
    std::fs::write(out.join("jieba_meta.rs"), meta).expect("write jieba_meta.rs");
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// The folder of the jieba-rs package this build uses.
fn jieba_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("TAIZHANG_JIEBA_DIR") {
        return PathBuf::from(dir);
    }
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let manifest = Path::new(&std::env::var_os("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR")).join("Cargo.toml");
    let run = |offline: bool| {
        let mut cmd = std::process::Command::new(&cargo);
        cmd.args(["metadata", "--format-version", "1", "--manifest-path"]).arg(&manifest);
        if offline {
            cmd.arg("--offline");
        }
        cmd.output().ok().filter(|o| o.status.success())
    };
    let output = run(true)
        .or_else(|| run(false))
        .unwrap_or_else(|| panic!("`cargo metadata` failed: cannot find the jieba-rs package (set TAIZHANG_JIEBA_DIR to its folder)"));
    let meta: serde_json::Value = serde_json::from_slice(&output.stdout).expect("cargo metadata prints JSON");
    let packages = meta["packages"].as_array().expect("cargo metadata lists packages");
    let jieba = packages.iter().find(|p| p["name"] == "jieba-rs").expect("jieba-rs is a dependency");
    let manifest_path = jieba["manifest_path"].as_str().expect("a manifest path");
    Path::new(manifest_path).parent().expect("a package folder").to_path_buf()
}

/// One word of the merged dictionary: its final frequency and tag.
struct Record {
    freq: u64,
    tag: String,
}

/// Writes `dict_words.txt` (the words back to back), `dict_offsets.bin` (u32: where each word
/// starts, and the end), `dict_freqs.bin` (u32), `dict_tags.bin` (u8: index into `DICT_TAGS`),
/// `dict_keys.bin` (u64: first character << 21 | second character, 0 for a one-character
/// word; sorted) and `dict_key_starts.bin` (u32: the first word of each key, and the end).
fn write_dictionary(out: &Path, dict: &str, domain: &str, meta: &mut String) {
    // `Jieba::load_default_dict`: `word freq tag` per line, split at ASCII white space; its
    // records all count towards the total frequency.
    let mut records: HashMap<String, Record> = HashMap::new();
    let mut total: u64 = 0;
    for line in dict.lines() {
        let mut it = line.split_ascii_whitespace();
        let Some(word) = it.next() else { continue };
        let freq: u64 = it.next().map_or(0, |f| f.parse().expect("a frequency in jieba's dictionary"));
        let tag = it.next().unwrap_or("");
        // A repeated word: jieba keeps both records (both count towards the total) and
        // looks the word up as the later one.
        total += freq;
        records.insert(word.to_string(), Record { freq, tag: tag.to_string() });
    }
    // `Jieba::load_dict`: split at any white space; a known word only takes the new
    // frequency (its record, and so its tag, stays); a new word is added with its tag. The
    // total is then the sum over all records.
    let mut replaced: Vec<(u64, u64)> = Vec::new();
    for (n, line) in domain.lines().enumerate() {
        let mut it = line.split_whitespace();
        let Some(word) = it.next() else { continue };
        let freq: u64 = it.next().map_or(0, |f| f.parse().unwrap_or_else(|e| panic!("dictionaries/segment.dict:{}: frequency {f}: {e}", n + 1)));
        let tag = it.next().unwrap_or("");
        match records.get_mut(word) {
            Some(r) => {
                replaced.push((r.freq, freq));
                r.freq = freq;
            }
            None => {
                records.insert(word.to_string(), Record { freq, tag: tag.to_string() });
                total += freq;
            }
        }
    }
    for (old, new) in replaced {
        total = total - old + new;
    }

    let mut words: Vec<(&String, &Record)> = records.iter().collect();
    words.sort_unstable_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    let mut tag_ids: BTreeMap<&str, u8> = BTreeMap::new();
    for (_, r) in &words {
        let next = tag_ids.len();
        tag_ids.entry(r.tag.as_str()).or_insert_with(|| u8::try_from(next).expect("at most 256 tags"));
    }
    let mut text = String::new();
    let mut offsets = Vec::new();
    let mut freqs = Vec::new();
    let mut tags = Vec::new();
    let mut keys: Vec<u64> = Vec::new();
    let mut key_starts = Vec::new();
    for (i, (w, r)) in words.iter().enumerate() {
        offsets.extend_from_slice(&u32::try_from(text.len()).expect("words fit u32").to_le_bytes());
        text.push_str(w);
        freqs.extend_from_slice(&u32::try_from(r.freq).expect("frequencies fit u32").to_le_bytes());
        tags.push(tag_ids[r.tag.as_str()]);
        let k = key(w);
        if keys.last() != Some(&k) {
            assert!(keys.last().is_none_or(|&last| last < k), "keys ascend with the words");
            keys.push(k);
            key_starts.extend_from_slice(&u32::try_from(i).expect("fits").to_le_bytes());
        }
    }
    offsets.extend_from_slice(&u32::try_from(text.len()).expect("fits").to_le_bytes());
    key_starts.extend_from_slice(&u32::try_from(words.len()).expect("fits").to_le_bytes());
    let keys_bytes: Vec<u8> = keys.iter().flat_map(|k| k.to_le_bytes()).collect();
    write(out, "dict_words.txt", text.as_bytes());
    write(out, "dict_offsets.bin", &offsets);
    write(out, "dict_freqs.bin", &freqs);
    write(out, "dict_tags.bin", &tags);
    write(out, "dict_keys.bin", &keys_bytes);
    write(out, "dict_key_starts.bin", &key_starts);

    let mut names: Vec<(&str, u8)> = tag_ids.into_iter().collect();
    names.sort_by_key(|&(_, id)| id);
    let _ = writeln!(meta, "/// Sum of the frequencies of every record of jieba's dictionary with ours merged in.");
    let _ = writeln!(meta, "pub const DICT_TOTAL: u64 = {total};");
    let _ = writeln!(meta, "/// Number of distinct words.");
    let _ = writeln!(meta, "pub const DICT_WORDS: usize = {};", words.len());
    let _ = writeln!(meta, "/// Number of distinct first character pairs.");
    let _ = writeln!(meta, "pub const DICT_KEYS: usize = {};", keys.len());
    let _ = writeln!(meta, "/// The tags of the dictionary, by the index in `dict_tags.bin`.");
    let _ = writeln!(meta, "pub const DICT_TAGS: &[&str] = &{:?};", names.iter().map(|(n, _)| *n).collect::<Vec<_>>());
}

/// The range key of a word: its first character and its second (0 for a one-character word).
fn key(word: &str) -> u64 {
    let mut cs = word.chars();
    let a = cs.next().map_or(0, |c| c as u64);
    let b = cs.next().map_or(0, |c| c as u64);
    (a << 21) | b
}

fn write(out: &Path, name: &str, bytes: &[u8]) {
    std::fs::write(out.join(name), bytes).unwrap_or_else(|e| panic!("write {name}: {e}"));
}

/// Log-probability of what cannot happen, as jieba writes it.
const MIN_FLOAT: f64 = -3.14e100;
const NUM_TAGS: usize = 64;
const NUM_STATES: usize = 4 * NUM_TAGS;

/// Writes the part-of-speech model: `pos_start.bin` (f64 per state), `pos_trans.bin` (f64,
/// `[to][from]`), `pos_chars.bin` (u32, sorted), `pos_rows.bin` (u32: where each character's
/// states start, and the end), `pos_states.bin` (u16, ascending per character) and
/// `pos_emits.bin` (f64, one per state). A state is `position * 64 + tag`, positions being
/// B, M, E, S.
///
/// A character with a state list keeps exactly that list (an emission missing for one of its
/// states is `MIN_FLOAT`); a character with emissions but no list takes the states it has an
/// emission for; a later line for the same character and state replaces an earlier one.
fn write_pos_model(out: &Path, data: &str, meta: &mut String) {
    let mut tags: Vec<String> = Vec::new();
    let mut start = vec![MIN_FLOAT; NUM_STATES];
    let mut trans = vec![MIN_FLOAT; NUM_STATES * NUM_STATES];
    let mut emits: HashMap<char, Vec<(u16, f64)>> = HashMap::new();
    let mut lists: HashMap<char, Vec<u16>> = HashMap::new();
    let state = |pos: &str, tag: &str| -> usize {
        let p: usize = pos.trim().parse().expect("a position");
        let t: usize = tag.trim().parse().expect("a tag index");
        assert!(p < 4 && t < NUM_TAGS);
        p * NUM_TAGS + t
    };
    let mut section = "";
    for line in data.lines() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if line.starts_with('@') {
            section = match line {
                "@TAGS" => "tags",
                "@START" => "start",
                "@TRANS" => "trans",
                "@EMIT" => "emit",
                "@CHAR_STATE" => "char_state",
                _ => "",
            };
            continue;
        }
        match section {
            "tags" => {
                tags = line.split(',').map(|s| s.trim().to_string()).collect();
                assert_eq!(tags.len(), NUM_TAGS);
            }
            "start" => {
                let p: Vec<&str> = line.splitn(3, ',').collect();
                start[state(p[0], p[1])] = p[2].parse().expect("a probability");
            }
            "trans" => {
                let mut segs = line.split('|');
                let from: Vec<&str> = segs.next().expect("a state").splitn(2, ',').collect();
                let from = state(from[0], from[1]);
                for seg in segs.map(str::trim).filter(|s| !s.is_empty()) {
                    let p: Vec<&str> = seg.splitn(3, ',').collect();
                    trans[state(p[0], p[1]) * NUM_STATES + from] = p[2].parse().expect("a probability");
                }
            }
            "emit" => {
                let mut segs = line.split('|');
                let s: Vec<&str> = segs.next().expect("a state").splitn(2, ',').collect();
                let s = state(s[0], s[1]) as u16;
                for seg in segs.map(str::trim).filter(|s| !s.is_empty()) {
                    let (ch, prob) = seg.rsplit_once(',').expect("char,prob");
                    let ch = ch.chars().next().expect("a char");
                    let prob: f64 = prob.parse().expect("a probability");
                    let row = emits.entry(ch).or_default();
                    match row.iter_mut().find(|(x, _)| *x == s) {
                        Some(e) => e.1 = prob,
                        None => row.push((s, prob)),
                    }
                }
            }
            "char_state" => {
                let mut segs = line.split('|');
                let ch = segs.next().expect("a char").chars().next().expect("a char");
                let states: Vec<u16> = segs
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(|seg| {
                        let p: Vec<&str> = seg.splitn(2, ',').collect();
                        state(p[0], p[1]) as u16
                    })
                    .collect();
                if states.is_empty() {
                    lists.remove(&ch);
                } else {
                    lists.insert(ch, states);
                }
            }
            _ => {}
        }
    }
    let mut rows: BTreeMap<char, Vec<(u16, f64)>> = BTreeMap::new();
    for (ch, states) in lists {
        let em = emits.remove(&ch).unwrap_or_default();
        let row = states.into_iter().map(|s| (s, em.iter().find(|(x, _)| *x == s).map_or(MIN_FLOAT, |&(_, p)| p))).collect();
        rows.insert(ch, row);
    }
    for (ch, em) in emits {
        rows.insert(ch, em);
    }
    let mut chars = Vec::new();
    let mut row_starts = Vec::new();
    let mut states = Vec::new();
    let mut emit_bytes = Vec::new();
    let mut n = 0u32;
    for (ch, mut row) in rows {
        row.sort_by_key(|&(s, _)| s);
        chars.extend_from_slice(&(ch as u32).to_le_bytes());
        row_starts.extend_from_slice(&n.to_le_bytes());
        for (s, p) in row {
            states.extend_from_slice(&s.to_le_bytes());
            emit_bytes.extend_from_slice(&p.to_le_bytes());
            n += 1;
        }
    }
    row_starts.extend_from_slice(&n.to_le_bytes());
    let f64s = |v: &[f64]| -> Vec<u8> { v.iter().flat_map(|x| x.to_le_bytes()).collect() };
    write(out, "pos_start.bin", &f64s(&start));
    write(out, "pos_trans.bin", &f64s(&trans));
    write(out, "pos_chars.bin", &chars);
    write(out, "pos_rows.bin", &row_starts);
    write(out, "pos_states.bin", &states);
    write(out, "pos_emits.bin", &emit_bytes);
    let _ = writeln!(meta, "/// The part-of-speech tags of the model, by tag index.");
    let _ = writeln!(meta, "pub const POS_TAGS: [&str; {NUM_TAGS}] = {tags:?};");
}
