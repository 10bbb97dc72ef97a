import PostgresNIO
import Schedule

/// The schema of the PostgreSQL state, as named migrations recorded in `xianqi_migrations`.
///
/// The same logical schema as ``Schedule/StateStore``'s SQLite one (docs/state.md): `sent`
/// with its key UNIQUE, `override` append-only (triggers RAISE on UPDATE, DELETE and TRUNCATE),
/// `run`; plus `leadership`, one row with the epoch of the daemon that leads (docs/ha.md).
/// Days are `date`, instants `timestamptz` (written and read as whole milliseconds, as the
/// SQLite store keeps them, so both give back the same values).
///
/// All pending migrations apply in one transaction under `pg_advisory_xact_lock`: two
/// processes migrating a fresh database at once take turns, and the second finds the first's
/// migrations recorded and applies nothing. A migration this version does not know (a newer
/// xianqi's) is refused, never ignored.
enum PostgresMigrations {
    /// The advisory lock key for migrating: "xianqi" then 0x0002.
    static let lockKey: Int64 = 0x7869_616E_7169_0002

    struct Migration: Sendable {
        let name: String
        let statements: [String]
    }

    static let all: [Migration] = [
        Migration(name: "v1: sent log, audit trail, runs, leadership", statements: [
            """
            CREATE TABLE sent (
                key text PRIMARY KEY,
                item text NOT NULL,
                measure_id text NOT NULL,
                kind text NOT NULL,
                due date NOT NULL,
                day date NOT NULL,
                scheduled_for timestamptz NOT NULL,
                claimed_at timestamptz NOT NULL,
                roles text NOT NULL,
                seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
                epoch bigint
            )
            """,
            "CREATE INDEX sent_measure ON sent (measure_id)",
            """
            CREATE TABLE override (
                seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                item text NOT NULL,
                measure_id text NOT NULL,
                action text NOT NULL CHECK (action IN ('done', 'reopen', 'extend')),
                new_due date CHECK ((action = 'extend') = (new_due IS NOT NULL)),
                previous_due date,
                "by" text NOT NULL,
                at timestamptz NOT NULL,
                as_of date NOT NULL,
                note text,
                fingerprint text NOT NULL
            )
            """,
            "CREATE INDEX override_measure ON override (measure_id, seq)",
            """
            CREATE FUNCTION xianqi_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'the audit trail is append-only (%, %)', TG_OP, TG_TABLE_NAME
                    USING ERRCODE = 'restrict_violation';
            END
            $$
            """,
            """
            CREATE TRIGGER override_append_only BEFORE UPDATE OR DELETE ON override
                FOR EACH ROW EXECUTE FUNCTION xianqi_append_only()
            """,
            """
            CREATE TRIGGER override_append_only_truncate BEFORE TRUNCATE ON override
                FOR EACH STATEMENT EXECUTE FUNCTION xianqi_append_only()
            """,
            """
            CREATE TABLE run (
                seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                command text NOT NULL,
                as_of date NOT NULL,
                at timestamptz NOT NULL
            )
            """,
            """
            CREATE TABLE leadership (
                id int PRIMARY KEY CHECK (id = 1),
                epoch bigint NOT NULL,
                holder text,
                since timestamptz
            )
            """,
            "INSERT INTO leadership (id, epoch) VALUES (1, 0)",
        ]),
        // The mail delivery log of a host's SQLite state, copied by `xianqi state migrate`,
        // so that what was delivered before the move stays on record (`host`: where from).
        Migration(name: "v2: mail delivery log", statements: [
            """
            CREATE TABLE mail_delivery (
                message_id text PRIMARY KEY,
                file_name text NOT NULL,
                delivered_at timestamptz NOT NULL,
                attempts int NOT NULL,
                recipients text NOT NULL,
                command text NOT NULL,
                host text NOT NULL
            )
            """,
        ]),
    ]

    /// Brings the schema up to date; returns the names it applied (none when up to date).
    static func migrate(_ session: PostgresSession) throws(StateError) -> [String] {
        let path = session.path
        return try session.transaction { runner in
            try runner.query("SELECT pg_advisory_xact_lock(\(lockKey))")
            try runner.execute("""
                CREATE TABLE IF NOT EXISTS xianqi_migrations (
                    name text PRIMARY KEY,
                    applied_at timestamptz NOT NULL DEFAULT now()
                )
                """)
            var applied = Set<String>()
            for row in try runner.query("SELECT name FROM xianqi_migrations") {
                applied.insert(try row.decode(String.self))
            }
            let unknown = applied.subtracting(all.map(\.name)).sorted()
            if !unknown.isEmpty { throw StateError.newerSchema(path: path, migrations: unknown) }
            var done: [String] = []
            for migration in all where !applied.contains(migration.name) {
                for statement in migration.statements { try runner.execute(statement) }
                try runner.query("INSERT INTO xianqi_migrations (name) VALUES (\(migration.name))")
                done.append(migration.name)
            }
            return done
        }
    }
}
