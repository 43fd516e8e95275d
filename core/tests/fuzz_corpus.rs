//! Replays the fuzz corpus (`core/fuzz/corpus/<target>/`, grown by `scripts/fuzz.sh`)
//! through the checks the fuzz targets run, so the stable `cargo test` in CI catches a
//! regression on any input a fuzz run ever kept, found crashes included.

use std::path::PathBuf;

use tokenhot::fuzz_checks as checks;

const TARGETS: &[(&str, fn(&[u8]))] = &[
    ("sse_split", checks::sse_split),
    ("chat_accumulate", checks::chat_accumulate),
    ("gemini_accumulate", checks::gemini_accumulate),
    ("responses_accumulate", checks::responses_accumulate),
    ("error_body", checks::error_body),
    ("base_url", checks::base_url),
    ("messages_accumulate", checks::messages_accumulate),
    ("partial_json", checks::partial_json),
    ("multipart_roundtrip", checks::multipart_roundtrip),
    ("video_task", checks::video_task),
];

fn corpus(target: &str) -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus").join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .collect();
    files.sort();
    files
}

#[test]
fn every_kept_input_still_holds_its_invariant() {
    for (target, check) in TARGETS {
        let files = corpus(target);
        // An empty or missing corpus would make this test pass without checking anything.
        assert!(files.len() >= 5, "the {target} corpus has only {} inputs", files.len());
        for file in files {
            let data = std::fs::read(&file).unwrap();
            let outcome = std::panic::catch_unwind(|| check(&data));
            assert!(outcome.is_ok(), "{target}: {} breaks its invariant", file.display());
        }
    }
}
