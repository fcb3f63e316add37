-- Up Migration

-- The queues sort by (column NULLS LAST, case_id, case_run_id), both ways: indexes in that exact
-- order let the first page and every later page be read from the index instead of sorting the table.
CREATE INDEX case_records_due_page ON case_records (first_decision_due_at, case_id, case_run_id);
CREATE INDEX case_records_opened_page ON case_records (opened_at, case_id, case_run_id);
CREATE INDEX case_records_amount_page ON case_records (disputed_minor, case_id, case_run_id);
CREATE INDEX case_records_status_due_page ON case_records (status, first_decision_due_at, case_id, case_run_id);

-- Down Migration

DROP INDEX case_records_status_due_page;
DROP INDEX case_records_amount_page;
DROP INDEX case_records_opened_page;
DROP INDEX case_records_due_page;
