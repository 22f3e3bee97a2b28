/** Compile-time flag set by asconfig.json (`--use DEBUG=1` for the debug target, 0 for release). */
declare const DEBUG: i32;
