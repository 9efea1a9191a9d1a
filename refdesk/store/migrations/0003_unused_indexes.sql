-- refdesk book format 3: four indexes no query is quicker with, frozen. Never edit: add a new migration.
-- No query looks a contact up by kind (a handful of values) or by company; the
-- same-person checks compare last names and e-mails case-blind, which a plain
-- index cannot serve; and reading every contact in name order is quicker by
-- sorting than through the last name's index. They only cost every contact
-- written: more than a quarter of importing 20,000 contacts.
DROP INDEX IF EXISTS "contact_kind";
DROP INDEX IF EXISTS "contact_last_name";
DROP INDEX IF EXISTS "contact_company";
DROP INDEX IF EXISTS "contact_email_address";
