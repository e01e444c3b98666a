-- Audit journal files (dev.keyless.audit.JournalAuditLog, SQLite) whose events are committed to
-- audit_events. A name is inserted in the same transaction as the file's events, so a process that
-- dies between that commit and deleting the file does not insert the file's events twice when the
-- next process recovers it.
CREATE TABLE audit_journal_applied (
    journal TEXT PRIMARY KEY
);
