"""Distribution campaigns (物资发放): eligibility, lists per micro-grid, hand-outs."""
