-- 0.1.0 -> 0.2.0, indicators (issue 13).

-- harmonize_start: first_run is the lowest run that read the table's current
-- file, whatever order concurrent runs record their state in (0.1.0 kept the
-- first to arrive, so harmonize_reconcile could leave an earlier run's rows
-- out and report an unbalanced ledger).
-- @install-function hredd.harmonize_start(
