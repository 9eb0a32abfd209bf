//! The log file: what the app and the CLI write there reads back whole, in order.

#[test]
fn lines_logged_read_back_from_the_day_s_file_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let guard = mdt::logging::init(dir.path(), "test.log", "error").expect("a file writer");
    for i in 0..500 {
        tracing::info!(line = i, "a line of the test");
    }
    tracing::debug!("below the file's level");
    drop(guard); // flushes the queue to the file
    let files: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(files.len(), 1, "{files:?}");
    assert!(files[0].file_name().unwrap().to_string_lossy().starts_with("test.log."), "a daily file: {files:?}");
    let text = std::fs::read_to_string(&files[0]).unwrap();
    let numbers: Vec<usize> = text
        .lines()
        .filter(|l| l.contains("a line of the test"))
        .map(|l| l.rsplit("line=").next().unwrap().trim().parse().unwrap())
        .collect();
    // 500 lines at once fit the queue (1,024): none dropped, none out of order.
    assert_eq!(numbers, (0..500).collect::<Vec<_>>());
    assert!(!text.contains("below the file's level"));
}
