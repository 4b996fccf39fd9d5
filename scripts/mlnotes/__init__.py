"""aws-ml-notes tooling: page model, content checks, link checker, cheat sheet, PDF and benchmarks."""
