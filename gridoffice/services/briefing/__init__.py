"""工作简报: the leadership's report for a period and its charts."""
