-- Settings an administrator changes at runtime in the console. A row overrides the value from the
-- config file or environment for every node; no row means the configured value applies.
CREATE TABLE runtime_settings (
    setting_key   VARCHAR(100) PRIMARY KEY,
    -- in the config file's syntax (e.g. 30m, 12, https://sso.example.com), checked before it is stored
    setting_value VARCHAR(2000) NOT NULL,
    updated_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_by    VARCHAR(150)
);

-- The application an audit event concerns, so that the events page can filter by application with
-- an index instead of searching JSON text (which H2 and PostgreSQL query differently). Filled at
-- insert from the event's detail: "applicationId", or else "slug" looked up in applications. Not a
-- foreign key: the log outlives deleted applications.
ALTER TABLE audit_events ADD COLUMN application_id UUID;
CREATE INDEX audit_events_application_idx ON audit_events (application_id, occurred_at);

-- Backfill what can be matched: detail is JSON written without spaces, and slugs are only lower-case
-- letters, digits and hyphens, so LIKE cannot match across a wildcard. Events of applications deleted
-- since then stay without one.
UPDATE audit_events SET application_id = (
    SELECT a.id FROM applications a
    WHERE audit_events.detail LIKE '%"applicationId":"' || CAST(a.id AS VARCHAR(36)) || '"%'
       OR audit_events.detail LIKE '%"slug":"' || a.slug || '"%'
    ORDER BY a.created_at
    LIMIT 1)
WHERE audit_events.detail LIKE '%"applicationId":"%' OR audit_events.detail LIKE '%"slug":"%';
