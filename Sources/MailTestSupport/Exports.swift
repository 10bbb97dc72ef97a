// The runner, the binary and the temporary directory live in ProcessTestSupport; the mail
// tests and the benchmark have always found them here.
@_exported import ProcessTestSupport
