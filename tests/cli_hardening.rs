//! Regression tests of issue 11 for the command line, each built from its minimal input in
//! a temporary directory: configuration discovery and trust (§4), `--out-dir` and symlinks
//! (§5), atomic outputs (§6), failures and special entries in folder walks (§8), the
//! `--max-size` bound and control characters in file names (§10).

#![cfg(unix)]

use std::os::unix::fs::{symlink, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// A draft with numbering slips and vague pledges: `check` exits 1 on it with every rule on.
const DRAFT: &str =
    "下面，我讲三点意见。\n一是统一思想。各部门要高度重视。\n二是压实责任。区发改局牵头，10月底前完成项目清单。\n四是严肃纪律。区纪委要适时开展专项督查。\n";
/// A configuration turning every rule that fires on [`DRAFT`] off.
const ALL_OFF: &str = "[rules]\nnumbering-gap = \"off\"\nnumbering-repeat = \"off\"\ncount-mismatch = \"off\"\nmixed-style = \"off\"\nempty-pledge = \"off\"\nvague-owner = \"off\"\nvague-deadline = \"off\"\nmissing-owner = \"off\"\nmissing-deadline = \"off\"\n";
/// A statement with one complete pledge.
const GOOD: &str = "一、压实责任。区财政局要在2024年6月底前完成专项清理。\n";

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_taizhang"));
    c.stdin(Stdio::null());
    c
}

/// Runs with a deadline: a hang (a FIFO read, /dev/zero) fails the test instead of blocking it.
fn run_in(cwd: &Path, home: &Path, args: &[&str]) -> Output {
    let child = bin()
        .args(args)
        .current_dir(cwd)
        .env("HOME", home)
        .env("TAIZHANG_TEST_SECRET", "hunter2-do-not-print")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run taizhang");
    wait(child, args)
}

fn wait(mut child: std::process::Child, what: &[&str]) -> Output {
    let start = Instant::now();
    loop {
        if child.try_wait().expect("wait").is_some() {
            return child.wait_with_output().expect("output");
        }
        if start.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("taizhang {what:?} did not finish in 60 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn mkfifo(path: &Path) {
    let ok = Command::new("mkfifo").arg(path).status().expect("mkfifo").success();
    assert!(ok, "mkfifo {}", path.display());
}

/// A temporary tree whose paths are real (no symlink in the temp dir's own path).
fn tree() -> (tempfile::TempDir, PathBuf) {
    let t = tempfile::tempdir().unwrap();
    let root = std::fs::canonicalize(t.path()).unwrap();
    (t, root)
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

// §4 — configuration

#[test]
fn discovery_stops_at_the_repository_root() {
    let (_t, root) = tree();
    write(&root.join("taizhang.toml"), ALL_OFF);
    std::fs::create_dir_all(root.join("repo/.git")).unwrap();
    write(&root.join("repo/sub/d.txt"), DRAFT);
    let home = root.join("elsewhere");
    let o = run_in(&root.join("repo/sub"), &home, &["check", "d.txt"]);
    assert_eq!(o.status.code(), Some(1), "a config above the repository must not switch rules off: {}", stderr(&o));
    assert!(!stderr(&o).contains("using config"), "{}", stderr(&o));
    // Inside the repository it is found from a subdirectory, and said so.
    write(&root.join("repo/taizhang.toml"), ALL_OFF);
    let o = run_in(&root.join("repo/sub"), &home, &["check", "d.txt"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains(&format!("using config {}", root.join("repo/taizhang.toml").display())), "{}", stderr(&o));
    let quiet = run_in(&root.join("repo/sub"), &home, &["check", "d.txt", "--quiet"]);
    assert!(!stderr(&quiet).contains("using config"), "{}", stderr(&quiet));
}

#[test]
fn discovery_stops_at_home_and_stays_in_place_without_a_boundary() {
    let (_t, root) = tree();
    write(&root.join("taizhang.toml"), ALL_OFF);
    write(&root.join("home/work/d.txt"), DRAFT);
    let home = root.join("home");
    let o = run_in(&root.join("home/work"), &home, &["check", "d.txt"]);
    assert_eq!(o.status.code(), Some(1), "a config above home is not read: {}", stderr(&o));
    write(&root.join("home/taizhang.toml"), ALL_OFF);
    let o = run_in(&root.join("home/work"), &home, &["check", "d.txt"]);
    assert_eq!(o.status.code(), Some(0), "home's own config is read: {}", stderr(&o));

    // Neither a repository nor home above (like /tmp/x): only the current directory.
    write(&root.join("tmp/x/d.txt"), DRAFT);
    write(&root.join("tmp/taizhang.toml"), ALL_OFF);
    let o = run_in(&root.join("tmp/x"), &home, &["check", "d.txt"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
}

#[test]
fn untrusted_configs_are_ignored_with_a_warning() {
    let (_t, root) = tree();
    std::fs::create_dir_all(root.join(".git")).unwrap();
    write(&root.join("d.txt"), DRAFT);
    let cfg = root.join("taizhang.toml");
    write(&cfg, ALL_OFF);
    std::fs::set_permissions(&cfg, std::fs::Permissions::from_mode(0o666)).unwrap();
    let o = run_in(&root, &root, &["check", "d.txt"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("warning: ignoring") && stderr(&o).contains("written by group or others"), "{}", stderr(&o));
    std::fs::set_permissions(&cfg, std::fs::Permissions::from_mode(0o644)).unwrap();
    // Another user's file: only root can make one here.
    if std::os::unix::fs::chown(&cfg, Some(65534), Some(65534)).is_ok() {
        let o = run_in(&root, &root, &["check", "d.txt"]);
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        assert!(stderr(&o).contains("owned by another user"), "{}", stderr(&o));
        // Named explicitly, it is the user's choice.
        let o = run_in(&root, &root, &["check", "d.txt", "--config", "taizhang.toml"]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    }
}

#[test]
fn special_files_are_refused_and_never_echoed() {
    let (_t, root) = tree();
    std::fs::create_dir_all(root.join(".git")).unwrap();
    write(&root.join("d.txt"), GOOD);
    mkfifo(&root.join("fifo"));
    write(&root.join("big.toml"), &format!("# {}\n", "x".repeat(2 << 20)));
    for (target, words) in [
        ("/proc/self/environ", "pseudo-file"),
        ("/dev/zero", "not a regular file"),
        ("fifo", "not a regular file"),
        (".git", "directory"),
        ("big.toml", "larger than the limit"),
    ] {
        let o = run_in(&root, &root, &["extract", "d.txt", "--config", target]);
        assert_eq!(o.status.code(), Some(2), "--config {target}: {}", stderr(&o));
        assert!(stderr(&o).contains(words), "--config {target}: {}", stderr(&o));
        if target != "big.toml" {
            for (key, list) in [("[segment]\ndicts", "dicts"), ("[lexicons]\nowners", "owners")] {
                write(&root.join("taizhang.toml"), &format!("{key} = [\"{target}\"]\n"));
                let o = run_in(&root, &root, &["extract", "d.txt"]);
                assert_eq!(o.status.code(), Some(2), "{list} {target}: {}", stderr(&o));
                assert!(stderr(&o).contains(words), "{list} {target}: {}", stderr(&o));
                assert!(!stderr(&o).contains("hunter2"), "the environment was printed: {}", stderr(&o));
            }
        }
    }
    // A dictionary with environment-like content: the problem is named, the content not shown.
    write(&root.join("leak.dict"), "TAIZHANG_TEST_SECRET=hunter2-do-not-print\0PATH=/x y\n");
    write(&root.join("taizhang.toml"), "[segment]\ndicts = [\"leak.dict\"]\n");
    let o = run_in(&root, &root, &["extract", "d.txt"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("leak.dict") && stderr(&o).contains("NUL"), "{}", stderr(&o));
    assert!(!stderr(&o).contains("hunter2"), "{}", stderr(&o));
    let o = run_in(&root, &root, &["extract", "d.txt", "--dict", "leak.dict", "--config", "/dev/null"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
}

#[test]
fn config_errors_give_line_and_column_and_paths_are_relative_to_the_config() {
    let (_t, root) = tree();
    std::fs::create_dir_all(root.join(".git")).unwrap();
    write(&root.join("sub/d.txt"), GOOD);
    write(&root.join("taizhang.toml"), "date = \"2024-05-01\"\n[rules]\nempty-pledge = off\n");
    let o = run_in(&root.join("sub"), &root, &["extract", "d.txt"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("taizhang.toml:3:16:"), "{}", stderr(&o));
    // Relative to the config's directory, not to where taizhang runs.
    write(&root.join("words/my.dict"), "专项清理 1000 n\n");
    write(&root.join("taizhang.toml"), "[segment]\ndicts = [\"words/my.dict\"]\n");
    let o = run_in(&root.join("sub"), &root, &["extract", "d.txt", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

// §5 — --out-dir never writes into the inputs

#[test]
fn a_symlink_in_the_out_dir_cannot_redirect_outputs_into_the_inputs() {
    let (_t, root) = tree();
    write(&root.join("archive/a.txt"), GOOD);
    write(&root.join("archive/b.txt"), GOOD);
    // The out-dir's "archive" is a link back to the input folder: archive/a.txt.md would land
    // next to the input.
    std::fs::create_dir_all(root.join("out")).unwrap();
    symlink(root.join("archive"), root.join("out/archive")).unwrap();
    let o = run_in(&root, &root, &["extract", "archive", "--format", "md", "--out-dir", "out"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("inside the input directory"), "{}", stderr(&o));
    let names: Vec<_> = std::fs::read_dir(root.join("archive")).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names.len(), 2, "nothing written into the inputs: {names:?}");

    // `..` after a symlink: link/../ledgers is archive/ledgers, inside the inputs.
    std::fs::create_dir_all(root.join("archive/sub")).unwrap();
    write(&root.join("archive/sub/c.txt"), GOOD);
    symlink(root.join("archive/sub"), root.join("link")).unwrap();
    let o = run_in(&root, &root, &["extract", "archive", "--format", "md", "--out-dir", "link/../ledgers"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("lies inside the input directory"), "{}", stderr(&o));
    assert!(!root.join("archive/ledgers").exists());
}

#[test]
fn an_output_is_never_opened_through_a_symlink_or_written_in_place() {
    let (_t, root) = tree();
    write(&root.join("data/a.txt"), GOOD);
    write(&root.join("data/b.txt"), GOOD);
    write(&root.join("victim.txt"), "keep me");
    write(&root.join("old.json"), "the previous ledger");
    std::fs::create_dir_all(root.join("out/data")).unwrap();
    // A symlink under the final name, and a hard link that an in-place write would change.
    symlink(root.join("victim.txt"), root.join("out/data/a.txt.json")).unwrap();
    std::fs::hard_link(root.join("old.json"), root.join("out/data/b.txt.json")).unwrap();
    let o = run_in(&root, &root, &["extract", "data", "--format", "json", "--out-dir", "out"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(root.join("victim.txt")).unwrap(), "keep me");
    assert_eq!(std::fs::read_to_string(root.join("old.json")).unwrap(), "the previous ledger");
    for f in ["a.txt.json", "b.txt.json"] {
        let p = root.join("out/data").join(f);
        assert!(std::fs::symlink_metadata(&p).unwrap().file_type().is_file(), "{f}");
        let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
        assert!(v["items"].as_array().is_some_and(|i| !i.is_empty()), "{f}");
    }
    let left: Vec<_> = std::fs::read_dir(root.join("out/data")).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(left.len(), 2, "no temporary file left: {left:?}");
}

// §6 — atomic outputs

#[test]
fn a_killed_run_leaves_no_truncated_output() {
    let (_t, root) = tree();
    let big: String = (0..40).map(|n| format!("{n}、区财政局要在2024年6月底前完成第{n}号专项清理，确保账实相符。\n")).collect();
    for n in 0..120 {
        write(&root.join(format!("data/{n:03}.txt")), &big);
    }
    // A full run first: the kills land at fractions of its length, mid-run on any machine.
    let start = Instant::now();
    let full = run_in(&root, &root, &["extract", "data", "--format", "json", "--jobs", "2", "--out-dir", "full", "--quiet"]);
    assert_eq!(full.status.code(), Some(0), "{}", stderr(&full));
    let length = start.elapsed();
    for (trial, share) in [0.4f64, 0.6, 0.8].into_iter().enumerate() {
        let out = root.join(format!("out{trial}"));
        // An earlier complete output under every name: a run must replace it whole or not at all.
        for n in 0..120 {
            write(&out.join(format!("data/{n:03}.txt.json")), "{\"items\": [], \"previous\": true}");
        }
        let mut child = bin()
            .args(["extract", "data", "--format", "json", "--jobs", "2", "--out-dir"])
            .arg(&out)
            .current_dir(&root)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(length.mul_f64(share));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        for n in 0..120 {
            let p = out.join(format!("data/{n:03}.txt.json"));
            let body = std::fs::read_to_string(&p).unwrap();
            let v: Result<serde_json::Value, _> = serde_json::from_str(&body);
            assert!(v.is_ok(), "trial {trial}: {} is truncated ({} bytes)", p.display(), body.len());
        }
    }
}

// §8 — failures are not lost in folder walks, special entries are named

#[test]
fn unreadable_files_with_a_readable_extension_fail_and_special_entries_are_named() {
    let (_t, root) = tree();
    let d = root.join("archive");
    write(&d.join("good.txt"), GOOD);
    write(&d.join("notes"), GOOD); // no extension, text: read
    std::fs::write(d.join("program"), [0x7fu8, b'E', b'L', b'F', 0, 0, 0, 1, 2]).unwrap(); // no extension, binary: skipped
    let utf16: Vec<u8> = GOOD.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
    std::fs::write(d.join("utf16.txt"), utf16).unwrap(); // BOM-less UTF-16: recognised and read
    std::fs::write(d.join("corrupt.docx"), b"PK\x03\x04not a zip at all").unwrap();
    let mut ole = vec![0xD0u8, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.resize(4096, 0);
    std::fs::write(d.join("locked.docx"), ole).unwrap(); // password-protected Word file
    write(&d.join("old.doc"), "whatever");
    write(&d.join("photo.jpg"), "not read");
    symlink(d.join("gone.txt"), d.join("dangling.txt")).unwrap();
    symlink(d.join("loop.txt"), d.join("loop.txt")).unwrap();
    symlink(&root, d.join("up")).unwrap();
    mkfifo(&d.join("pipe.txt"));
    let _socket = std::os::unix::net::UnixListener::bind(d.join("sock")).unwrap();
    write(&d.join(".hidden.txt"), GOOD);

    let o = run_in(&root, &root, &["extract", "archive", "--format", "jsonl"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert_eq!(stdout(&o).lines().count(), 3, "good.txt, notes and utf16.txt: {}", stdout(&o));
    for failed in ["corrupt.docx", "locked.docx"] {
        assert!(err.lines().any(|l| l.starts_with("taizhang: failed: ") && l.contains(failed)), "{failed} not named as failed: {err}");
    }
    for (skipped, why) in [
        ("program", "binary"),
        ("old.doc", "convert it"),
        ("dangling.txt", "dangling symlink"),
        ("loop.txt", "symlink loop"),
        ("up", "symlink to a directory"),
        ("pipe.txt", "FIFO"),
        ("sock", "socket"),
    ] {
        assert!(
            err.lines().any(|l| l.starts_with("taizhang: skipped: ") && l.contains(skipped) && l.contains(why)),
            "{skipped} not named as skipped ({why}): {err}"
        );
    }
    assert!(err.contains("skipped (extensions taizhang does not read): .jpg 1"), "{err}");
    assert!(err.contains("13 files: 3 read, 2 failed, 8 skipped"), "{err}");
    assert!(!err.contains("hidden"), "{err}");

    // Only special entries beside good files: skipped, not failed.
    let clean = root.join("clean");
    write(&clean.join("good.txt"), GOOD);
    mkfifo(&clean.join("fifo"));
    let o = run_in(&root, &root, &["check", "clean", "--fail-on", "never"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("skipped: ") && stderr(&o).contains("FIFO"), "{}", stderr(&o));
}

// §10 — numbers that wrap, names that forge lines

#[test]
fn max_size_cannot_wrap() {
    let (_t, root) = tree();
    write(&root.join("d.txt"), GOOD);
    for v in ["18446744073709551615", "0", "4294967297"] {
        let o = run_in(&root, &root, &["extract", "d.txt", "--max-size", v]);
        assert_eq!(o.status.code(), Some(2), "--max-size {v}");
        assert!(stderr(&o).contains("--max-size"), "{}", stderr(&o));
    }
    let o = run_in(&root, &root, &["extract", "d.txt", "--max-size", "4294967296", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn a_newline_in_a_file_name_cannot_forge_a_record() {
    let (_t, root) = tree();
    let d = root.join("drafts");
    write(&d.join("x\nforged.txt:9:9:numbering-gap:fake.txt"), DRAFT);
    std::fs::write(d.join("bad\nname.docx"), b"PK\x03\x04broken").unwrap();
    let json = run_in(&root, &root, &["check", "drafts", "--format", "json", "--quiet"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&json)).unwrap();
    let findings = v.as_array().unwrap().iter().map(|f| f["findings"].as_array().unwrap().len()).sum::<usize>();
    assert!(findings > 0);
    assert!(v[0]["path"].as_str().unwrap().contains('\n'), "JSON keeps the real name");

    let o = run_in(&root, &root, &["check", "drafts", "--format", "line"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let out = stdout(&o);
    assert_eq!(out.lines().count(), findings, "one line per finding: {out}");
    assert!(out.lines().all(|l| l.starts_with("drafts/x\\nforged.txt")), "{out}");
    assert!(stderr(&o).lines().all(|l| l.starts_with("taizhang: ")), "{}", stderr(&o));
    assert!(stderr(&o).contains("bad\\nname.docx"), "{}", stderr(&o));

    let human = run_in(&root, &root, &["check", "drafts", "--format", "human"]);
    assert!(!stdout(&human).lines().any(|l| l.starts_with("forged")), "{}", stdout(&human));
}
