"""数据安全: backups, passwords, the start-up check."""
