// The PostgreSQL schema of `PostgresStorage`, as numbered migrations. The tables mirror the SQLite
// storage's (plus a `seq` column that keeps rows in the order they were written, which SQLite's
// rowid gives for free, and a server-side heartbeat time). Every storage operation that reads
// before it writes is a PL/pgSQL function, so that it is one statement, one round trip and one
// transaction: throughput stays high and no worker sees another's half-done work.
//
// Durability: a trial's own writes while it runs (its creation or claim, parameters, intermediate
// values, attributes) commit without waiting for the WAL flush (synchronous_commit off, set per
// transaction); finishing it waits, and as the WAL is flushed in order, that also makes everything
// the trial wrote before durable. A crash of the database server may thus lose only the last
// moments of still-running trials (PostgreSQL's bound: 3 x wal_writer_delay), never a finished one.
// (Failing a stale trial commits the same way: were that lost, the trial is simply found stale again.)
// On a disk where a flush takes ~5 ms, this (with the own-trial cache) took one worker from ~27 to ~100 trivial trials/s.
//
// Concurrency, in short: creating a trial (and claiming a grid point) locks its study's row, so
// numbering and claims of one study happen one at a time across all connections; claiming an
// enqueued trial uses `FOR UPDATE SKIP LOCKED`, so concurrent claimants take different trials;
// finishing a trial is a conditional UPDATE, so only the first finisher wins; writes to a running
// trial take a share lock on it, so none lands after it finished.

/** Errors raised by the functions below, with SQLSTATE codes of their own. */
export const SCHEMA_ERRORS = {
  studyNotFound: 'HW001',
  trialNotFound: 'HW002',
  trialFinished: 'HW003',
} as const;

const FINISHED = `('COMPLETE', 'PRUNED', 'FAIL')`;

const TABLES = `
CREATE TABLE studies (
  study_id SERIAL PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  directions TEXT NOT NULL
);
CREATE TABLE study_user_attrs (
  seq BIGSERIAL,
  study_id INTEGER NOT NULL REFERENCES studies ON DELETE CASCADE,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (study_id, key)
);
CREATE TABLE trials (
  trial_id SERIAL PRIMARY KEY,
  study_id INTEGER NOT NULL REFERENCES studies ON DELETE CASCADE,
  number INTEGER NOT NULL,
  state TEXT NOT NULL,
  objective_values TEXT,
  datetime_start TEXT,
  datetime_complete TEXT,
  -- The database server's clock, so that workers on machines with skewed clocks agree on staleness.
  heartbeat TIMESTAMPTZ,
  UNIQUE (study_id, number)
);
CREATE INDEX trials_by_state ON trials (study_id, state);
CREATE TABLE trial_params (
  seq BIGSERIAL,
  trial_id INTEGER NOT NULL REFERENCES trials ON DELETE CASCADE,
  name TEXT NOT NULL,
  internal_value DOUBLE PRECISION NOT NULL,
  distribution TEXT NOT NULL,
  PRIMARY KEY (trial_id, name)
);
CREATE TABLE trial_intermediate_values (
  seq BIGSERIAL,
  trial_id INTEGER NOT NULL REFERENCES trials ON DELETE CASCADE,
  step INTEGER NOT NULL,
  value DOUBLE PRECISION NOT NULL,
  PRIMARY KEY (trial_id, step)
);
CREATE TABLE trial_user_attrs (
  seq BIGSERIAL,
  trial_id INTEGER NOT NULL REFERENCES trials ON DELETE CASCADE,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (trial_id, key)
);
CREATE TABLE trial_system_attrs (
  seq BIGSERIAL,
  trial_id INTEGER NOT NULL REFERENCES trials ON DELETE CASCADE,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (trial_id, key)
);
CREATE INDEX trial_system_attrs_by_value ON trial_system_attrs (key, value);
`;

const FUNCTIONS = `
CREATE FUNCTION hw7_require_study(p_study_id INTEGER, p_lock BOOLEAN) RETURNS VOID LANGUAGE plpgsql AS $$
BEGIN
  IF p_lock THEN
    -- Serialises the study's trial numbering and claims (and does not block inserts' key-share locks).
    PERFORM 1 FROM studies WHERE study_id = p_study_id FOR NO KEY UPDATE;
  ELSE
    PERFORM 1 FROM studies WHERE study_id = p_study_id;
  END IF;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'no study with id %', p_study_id USING ERRCODE = '${SCHEMA_ERRORS.studyNotFound}';
  END IF;
END $$;

CREATE FUNCTION hw7_require_trial(p_trial_id INTEGER, p_running BOOLEAN) RETURNS VOID LANGUAGE plpgsql AS $$
DECLARE
  v_number INTEGER;
  v_state TEXT;
BEGIN
  -- A share lock: a concurrent finish waits until this write has committed.
  SELECT number, state INTO v_number, v_state FROM trials WHERE trial_id = p_trial_id FOR SHARE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'no trial with id %', p_trial_id USING ERRCODE = '${SCHEMA_ERRORS.trialNotFound}';
  END IF;
  IF p_running AND v_state IN ${FINISHED} THEN
    RAISE EXCEPTION 'trial % has already finished (%) and cannot be changed', v_number, v_state
      USING ERRCODE = '${SCHEMA_ERRORS.trialFinished}';
  END IF;
END $$;

-- One trial with everything attached, as JSON text in the shape of a TrialRecord.
CREATE FUNCTION hw7_trial_json(t trials) RETURNS TEXT LANGUAGE sql STABLE AS $$
  SELECT json_build_object(
    'trialId', t.trial_id,
    'number', t.number,
    'state', t.state,
    'values', t.objective_values,
    'datetimeStart', t.datetime_start,
    'datetimeComplete', t.datetime_complete,
    'params', (SELECT json_agg(json_build_array(p.name, p.internal_value, p.distribution::json) ORDER BY p.seq)
               FROM trial_params p WHERE p.trial_id = t.trial_id),
    'intermediateValues', (SELECT json_agg(json_build_array(i.step, i.value) ORDER BY i.seq)
                           FROM trial_intermediate_values i WHERE i.trial_id = t.trial_id),
    'userAttrs', (SELECT json_agg(json_build_array(a.key, a.value::json) ORDER BY a.seq)
                  FROM trial_user_attrs a WHERE a.trial_id = t.trial_id),
    'systemAttrs', (SELECT json_agg(json_build_array(a.key, a.value::json) ORDER BY a.seq)
                    FROM trial_system_attrs a WHERE a.trial_id = t.trial_id)
  )::text
$$;

CREATE FUNCTION hw7_insert_trial(
  p_study_id INTEGER, p_state TEXT, p_now TEXT, p_heartbeat BOOLEAN, p_user_attrs JSON, p_system_attrs JSON
) RETURNS INTEGER LANGUAGE plpgsql AS $$
DECLARE
  v_trial_id INTEGER;
BEGIN
  -- A running trial's write: see Durability above.
  PERFORM set_config('synchronous_commit', 'off', TRUE);
  PERFORM hw7_require_study(p_study_id, TRUE);
  INSERT INTO trials (study_id, number, state, datetime_start, heartbeat)
  SELECT p_study_id, COALESCE(MAX(number) + 1, 0), p_state,
         CASE WHEN p_state = 'RUNNING' THEN p_now END,
         CASE WHEN p_state = 'RUNNING' AND p_heartbeat THEN now() END
  FROM trials WHERE study_id = p_study_id
  RETURNING trial_id INTO v_trial_id;
  INSERT INTO trial_user_attrs (trial_id, key, value) SELECT v_trial_id, key, value::text FROM json_each(p_user_attrs);
  INSERT INTO trial_system_attrs (trial_id, key, value) SELECT v_trial_id, key, value::text FROM json_each(p_system_attrs);
  RETURN v_trial_id;
END $$;

CREATE FUNCTION hw7_create_trial(
  p_study_id INTEGER, p_state TEXT, p_now TEXT, p_heartbeat BOOLEAN, p_user_attrs JSON, p_system_attrs JSON
) RETURNS TEXT LANGUAGE plpgsql AS $$
DECLARE
  v_trial_id INTEGER := hw7_insert_trial(p_study_id, p_state, p_now, p_heartbeat, p_user_attrs, p_system_attrs);
BEGIN
  RETURN (SELECT hw7_trial_json(t) FROM trials t WHERE t.trial_id = v_trial_id);
END $$;

CREATE FUNCTION hw7_claim_waiting_trial(p_study_id INTEGER, p_now TEXT, p_heartbeat BOOLEAN)
RETURNS TEXT LANGUAGE plpgsql AS $$
DECLARE
  v_trial trials;
BEGIN
  -- A running trial's write: see Durability above.
  PERFORM set_config('synchronous_commit', 'off', TRUE);
  PERFORM hw7_require_study(p_study_id, FALSE);
  UPDATE trials SET state = 'RUNNING', datetime_start = p_now, heartbeat = CASE WHEN p_heartbeat THEN now() END
  WHERE trial_id = (
    SELECT trial_id FROM trials WHERE study_id = p_study_id AND state = 'WAITING'
    ORDER BY number LIMIT 1 FOR UPDATE SKIP LOCKED
  )
  RETURNING * INTO v_trial;
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  RETURN hw7_trial_json(v_trial);
END $$;

CREATE FUNCTION hw7_create_trial_claiming(
  p_study_id INTEGER, p_key TEXT, p_candidates JSON, p_now TEXT, p_heartbeat BOOLEAN
) RETURNS TEXT LANGUAGE plpgsql AS $$
DECLARE
  v_free TEXT;
BEGIN
  -- The study lock first: the held values are then read after every earlier claim has committed.
  PERFORM hw7_require_study(p_study_id, TRUE);
  SELECT c.value::text INTO v_free
  FROM json_array_elements(p_candidates) WITH ORDINALITY AS c(value, position)
  WHERE NOT EXISTS (
    SELECT 1 FROM trial_system_attrs a JOIN trials t USING (trial_id)
    WHERE t.study_id = p_study_id AND a.key = p_key AND a.value = c.value::text
  )
  ORDER BY c.position LIMIT 1;
  IF v_free IS NULL THEN
    RETURN NULL;
  END IF;
  RETURN hw7_create_trial(p_study_id, 'RUNNING', p_now, p_heartbeat, '{}', json_build_object(p_key, v_free::json));
END $$;

CREATE FUNCTION hw7_set_trial_param(p_trial_id INTEGER, p_name TEXT, p_value DOUBLE PRECISION, p_distribution TEXT)
RETURNS VOID LANGUAGE plpgsql AS $$
BEGIN
  -- A running trial's write: see Durability above.
  PERFORM set_config('synchronous_commit', 'off', TRUE);
  PERFORM hw7_require_trial(p_trial_id, TRUE);
  INSERT INTO trial_params (trial_id, name, internal_value, distribution) VALUES (p_trial_id, p_name, p_value, p_distribution)
  ON CONFLICT (trial_id, name) DO UPDATE SET internal_value = excluded.internal_value, distribution = excluded.distribution;
END $$;

CREATE FUNCTION hw7_set_trial_intermediate_value(p_trial_id INTEGER, p_step INTEGER, p_value DOUBLE PRECISION)
RETURNS VOID LANGUAGE plpgsql AS $$
BEGIN
  -- A running trial's write: see Durability above.
  PERFORM set_config('synchronous_commit', 'off', TRUE);
  PERFORM hw7_require_trial(p_trial_id, TRUE);
  INSERT INTO trial_intermediate_values (trial_id, step, value) VALUES (p_trial_id, p_step, p_value)
  ON CONFLICT (trial_id, step) DO UPDATE SET value = excluded.value;
END $$;

CREATE FUNCTION hw7_set_trial_attr(p_trial_id INTEGER, p_system BOOLEAN, p_key TEXT, p_value TEXT)
RETURNS VOID LANGUAGE plpgsql AS $$
BEGIN
  -- A running trial's write: see Durability above.
  PERFORM set_config('synchronous_commit', 'off', TRUE);
  -- User attributes are the objective's, so only a running trial takes them; system ones (such
  -- as failReason) are written as a trial finishes.
  PERFORM hw7_require_trial(p_trial_id, NOT p_system);
  IF p_system THEN
    INSERT INTO trial_system_attrs (trial_id, key, value) VALUES (p_trial_id, p_key, p_value)
    ON CONFLICT (trial_id, key) DO UPDATE SET value = excluded.value;
  ELSE
    INSERT INTO trial_user_attrs (trial_id, key, value) VALUES (p_trial_id, p_key, p_value)
    ON CONFLICT (trial_id, key) DO UPDATE SET value = excluded.value;
  END IF;
END $$;

CREATE FUNCTION hw7_set_study_user_attr(p_study_id INTEGER, p_key TEXT, p_value TEXT)
RETURNS VOID LANGUAGE plpgsql AS $$
BEGIN
  PERFORM hw7_require_study(p_study_id, FALSE);
  INSERT INTO study_user_attrs (study_id, key, value) VALUES (p_study_id, p_key, p_value)
  ON CONFLICT (study_id, key) DO UPDATE SET value = excluded.value;
END $$;

-- The trial as it now is (saving its worker the read that follows), or NULL when it had already finished.
CREATE FUNCTION hw7_set_trial_state_values(
  p_trial_id INTEGER, p_state TEXT, p_values TEXT, p_now TEXT, p_heartbeat BOOLEAN
) RETURNS TEXT LANGUAGE plpgsql AS $$
DECLARE
  v_trial trials;
BEGIN
  UPDATE trials SET
    state = p_state,
    objective_values = p_values,
    datetime_start = COALESCE(datetime_start, CASE WHEN p_state = 'RUNNING' THEN p_now END),
    datetime_complete = CASE WHEN p_state IN ${FINISHED} THEN p_now END,
    heartbeat = CASE WHEN p_heartbeat THEN now() END
  WHERE trial_id = p_trial_id AND state NOT IN ${FINISHED}
  RETURNING * INTO v_trial;
  IF FOUND THEN
    RETURN hw7_trial_json(v_trial);
  END IF;
  PERFORM hw7_require_trial(p_trial_id, FALSE);
  RETURN NULL;
END $$;

CREATE FUNCTION hw7_study_trials(p_study_id INTEGER, p_cached INTEGER[])
RETURNS TABLE (trial_id INTEGER, trial TEXT) LANGUAGE plpgsql AS $$
BEGIN
  PERFORM hw7_require_study(p_study_id, FALSE);
  -- Trials the caller already holds (finished ones never change) come back as their id only.
  RETURN QUERY SELECT t.trial_id, CASE WHEN t.trial_id = ANY(p_cached) THEN NULL ELSE hw7_trial_json(t) END
  FROM trials t WHERE t.study_id = p_study_id ORDER BY t.number;
END $$;

-- Optuna's fail_stale_trials plus its RetryFailedTrialCallback: a RUNNING trial whose heartbeat is
-- older than the grace period becomes FAIL and, while it has been retried fewer than p_max_retries
-- times, is enqueued again as a WAITING trial with its parameters fixed and its attributes copied
-- (a grid point thus stays held by the retry). SKIP LOCKED: concurrent callers fail each trial once.
CREATE FUNCTION hw7_fail_stale_trials(
  p_study_id INTEGER, p_grace_ms DOUBLE PRECISION, p_now TEXT, p_reason TEXT, p_max_retries INTEGER
) RETURNS SETOF TEXT LANGUAGE plpgsql AS $$
DECLARE
  v_trial trials;
  v_system JSONB;
  v_params JSONB;
BEGIN
  FOR v_trial IN
    SELECT * FROM trials
    WHERE study_id = p_study_id AND state = 'RUNNING' AND heartbeat < now() - p_grace_ms * INTERVAL '1 millisecond'
    ORDER BY number FOR UPDATE SKIP LOCKED
  LOOP
    UPDATE trials SET state = 'FAIL', datetime_complete = p_now WHERE trial_id = v_trial.trial_id;
    PERFORM hw7_set_trial_attr(v_trial.trial_id, TRUE, 'failReason', to_json(p_reason)::text);
    SELECT COALESCE(jsonb_object_agg(key, value::jsonb), '{}') INTO v_system
    FROM trial_system_attrs WHERE trial_id = v_trial.trial_id AND key <> 'failReason';
    IF COALESCE((v_system->>'retries')::INTEGER, 0) < p_max_retries THEN
      -- Parameters as the objective saw them (a categorical one as its choice), as enqueueTrial takes them.
      SELECT COALESCE(jsonb_object_agg(name, CASE WHEN distribution::jsonb->>'type' = 'categorical'
               THEN distribution::jsonb->'choices'->(internal_value::INTEGER) ELSE to_jsonb(internal_value) END), '{}')
      INTO v_params FROM trial_params WHERE trial_id = v_trial.trial_id;
      v_system := v_system || jsonb_build_object(
        'fixedParams', COALESCE(v_system->'fixedParams', '{}') || v_params,
        'retryOf', v_trial.number,
        'retries', COALESCE((v_system->>'retries')::INTEGER, 0) + 1);
      PERFORM hw7_insert_trial(p_study_id, 'WAITING', p_now, FALSE,
        (SELECT COALESCE(json_object_agg(key, value::json ORDER BY seq), '{}') FROM trial_user_attrs
         WHERE trial_id = v_trial.trial_id),
        v_system::json);
    END IF;
    RETURN NEXT (SELECT hw7_trial_json(t) FROM trials t WHERE t.trial_id = v_trial.trial_id);
  END LOOP;
END $$;
`;

/** Migration i (0-based) brings the schema from version i to version i + 1. */
export const MIGRATIONS: readonly string[] = [TABLES + FUNCTIONS];
