#![no_main]
// The invariant is tokenhot::fuzz_checks::sse_split (core/src/fuzz_checks.rs).
libfuzzer_sys::fuzz_target!(|data: &[u8]| tokenhot::fuzz_checks::sse_split(data));
