"""Weekly visits of key persons (巡访): schedule, records, rules."""
