"""What several test files share: reading AppTest runs, board records, tiny data."""
