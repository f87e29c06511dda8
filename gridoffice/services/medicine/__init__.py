"""The medicine box (药品互助 / 爱心药品箱): batches, hand-outs, stock and expiry."""
