#![no_main]
// The invariant is tokenhot::fuzz_checks::responses_accumulate (core/src/fuzz_checks.rs).
libfuzzer_sys::fuzz_target!(|data: &[u8]| tokenhot::fuzz_checks::responses_accumulate(data));
