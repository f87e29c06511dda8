"""The roster import wizard and its report."""
