-- Issue 12 #15: a lease has an owner. done/failed/renew change a row only while it is PENDING and leased by the
-- caller, so a processor whose lease expired (a slow hand-off) can no longer overwrite what another one decided.
ALTER TABLE inbox ADD COLUMN lease_owner text;
ALTER TABLE inbox ADD COLUMN lease_until timestamptz;
