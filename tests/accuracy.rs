//! Accuracy guard: runs the shared scorer (`../shared/eval/score.py`) on the binary and fails
//! when commitment or flag F1 drop below the bar. Skipped where the eval folder or python3 is
//! absent (a fresh clone without `shared/`).

use std::path::Path;
use std::process::Command;

#[test]
fn scorer_thresholds_hold_on_the_shared_texts() {
    let eval = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/eval");
    let scorer = eval.join("score.py");
    if !scorer.exists() || Command::new("python3").arg("--version").output().is_err() {
        eprintln!("skipped: no {} or no python3", scorer.display());
        return;
    }
    let o = Command::new("python3")
        .arg(&scorer)
        .args(["--bin", env!("CARGO_BIN_EXE_taizhang"), "--min-commitment-f1", "0.85", "--min-flag-f1", "0.85"])
        .output()
        .expect("run scorer");
    let out = String::from_utf8_lossy(&o.stdout);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "scorer failed:\n{out}\n{err}");
    assert!(!out.contains("ERROR"), "a document errored:\n{out}");
}
