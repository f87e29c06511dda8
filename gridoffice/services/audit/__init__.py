"""Reading the audit trail (操作日志) and putting its records into words."""
