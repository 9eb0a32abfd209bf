-- The roles whose members the supervision log checks for monthly supervision. The guidance names
-- social prescribing link workers, so that role is always here; a team may add others of its own
-- choosing (for example newly qualified staff in another role).
CREATE TABLE supervised_roles (
    role_key TEXT PRIMARY KEY REFERENCES roles (key) ON DELETE RESTRICT
);
INSERT INTO supervised_roles (role_key) VALUES ('splw');
