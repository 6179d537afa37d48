//! The queue's statements. Every state change of a `work` row is one statement or one
//! transaction here, so the rules (who may finish a file, when a claim is lost) live in one place.

use postgres::types::Type;
use postgres::{GenericClient, Transaction};
use std::time::Duration;

/// A file in the queue, as enqueued and as claimed.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct WorkItem {
    /// The catalog key (`walk::path_key` of the absolute path).
    pub path: String,
    pub shown: String,
    pub size: u64,
    pub mtime_ns: i64,
    pub pages_estimate: usize,
}

/// What one `add` call changed.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Added {
    pub new: u64,
    /// Known files whose size or mtime moved: queued again.
    pub changed: u64,
    /// Pages the new and changed files are expected to hold.
    pub pages: usize,
}

/// Register files as work: new paths are queued, paths whose size or mtime changed are queued
/// again (a worker still on the old content then loses its claim), the rest is left alone.
pub(crate) fn add(client: &mut impl GenericClient, items: &[WorkItem]) -> Result<Added, postgres::Error> {
    let mut added = Added::default();
    // unnest() takes a thousand rows a round trip; one INSERT a file would make enqueueing a
    // million files a matter of the network's latency.
    for chunk in items.chunks(1000) {
        let paths: Vec<&str> = chunk.iter().map(|i| i.path.as_str()).collect();
        let shown: Vec<&str> = chunk.iter().map(|i| i.shown.as_str()).collect();
        let sizes: Vec<i64> = chunk.iter().map(|i| i.size as i64).collect();
        let mtimes: Vec<i64> = chunk.iter().map(|i| i.mtime_ns).collect();
        let pages: Vec<i32> = chunk.iter().map(|i| i32::try_from(i.pages_estimate).unwrap_or(i32::MAX)).collect();
        let rows = client.query(
            "INSERT INTO work (path, shown, size, mtime_ns, pages_estimate)
             SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[], $5::int[])
             ON CONFLICT (path) DO UPDATE SET shown = excluded.shown, size = excluded.size,
               mtime_ns = excluded.mtime_ns, pages_estimate = excluded.pages_estimate, state = 'queued',
               worker = NULL, claimed_at = NULL, lease_until = NULL, attempts = 0, pages = NULL,
               error = NULL, finished_at = NULL, enqueued_at = now()
             WHERE (work.size, work.mtime_ns) IS DISTINCT FROM (excluded.size, excluded.mtime_ns)
             RETURNING (xmax = 0), pages_estimate",
            &[&paths, &shown, &sizes, &mtimes, &pages],
        )?;
        for r in rows {
            added.pages += r.get::<_, i32>(1).max(0) as usize;
            if r.get::<_, bool>(0) {
                added.new += 1;
            } else {
                added.changed += 1;
            }
        }
    }
    Ok(added)
}

/// Queue again files that failed (`enqueue --retry-failed`); returns how many.
pub(crate) fn retry_failed(client: &mut impl GenericClient, paths: &[&str]) -> Result<u64, postgres::Error> {
    client.execute(
        "UPDATE work SET state = 'queued', worker = NULL, attempts = 0, error = NULL, finished_at = NULL
         WHERE state = 'failed' AND path = ANY($1)",
        &[&paths],
    )
}

/// Claims taken in one `claim` call: files to work on, and files given up on because the
/// workers that took them kept dying.
#[derive(Debug, Default)]
pub(crate) struct Claims {
    /// The files to work on; the first `taken_over` were claims whose lease ran out.
    pub items: Vec<WorkItem>,
    pub taken_over: usize,
    /// (file, attempts): claimed `max_attempts` times by workers that never finished.
    pub given_up: Vec<(WorkItem, i32)>,
}

/// Claim up to `n` files for `worker`, biggest first; a claim whose lease ran out (its worker
/// died) is taken over first. Runs in the caller's transaction: rows are locked `FOR UPDATE
/// SKIP LOCKED`, so concurrent claimers never wait on each other nor get the same file.
pub(crate) fn claim(
    tx: &mut Transaction<'_>,
    worker: &str,
    n: usize,
    lease: Duration,
    max_attempts: u32,
) -> Result<Claims, postgres::Error> {
    let limit = n as i64;
    let mut out = Claims::default();
    let expired = tx.query(
        "SELECT path, shown, size, mtime_ns, pages_estimate, attempts FROM work
         WHERE state = 'claimed' AND lease_until < now()
         ORDER BY lease_until LIMIT $1 FOR UPDATE SKIP LOCKED",
        &[&limit],
    )?;
    for r in &expired {
        let attempts: i32 = r.get(5);
        if attempts >= max_attempts as i32 {
            out.given_up.push((item(r), attempts));
        } else {
            out.items.push(item(r));
        }
    }
    out.taken_over = out.items.len();
    let fresh = (n - out.items.len()) as i64;
    if fresh > 0 {
        let rows = tx.query(
            "SELECT path, shown, size, mtime_ns, pages_estimate FROM work WHERE state = 'queued'
             ORDER BY pages_estimate DESC, size DESC, path LIMIT $1 FOR UPDATE SKIP LOCKED",
            &[&fresh],
        )?;
        out.items.extend(rows.iter().map(item));
    }
    let paths: Vec<&str> = out.items.iter().map(|i| i.path.as_str()).collect();
    tx.execute(
        "UPDATE work SET state = 'claimed', worker = $1, claimed_at = now(),
           lease_until = now() + make_interval(secs => $2), attempts = attempts + 1
         WHERE path = ANY($3)",
        &[&worker, &lease.as_secs_f64(), &paths],
    )?;
    Ok(out)
}

fn item(r: &postgres::Row) -> WorkItem {
    WorkItem {
        path: r.get(0),
        shown: r.get(1),
        size: r.get::<_, i64>(2).max(0) as u64,
        mtime_ns: r.get(3),
        pages_estimate: r.get::<_, i32>(4).max(1) as usize,
    }
}

/// How a claimed file ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum End<'a> {
    /// Recorded (processed, a duplicate, or known unchanged); the pages it was read for.
    Done { pages: i32 },
    /// Recorded as failed, with why.
    Failed { error: &'a str },
}

/// What `finish` found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Finish {
    /// The claim was the worker's and is now closed.
    Now,
    /// The worker had already finished the file: an earlier attempt of the same call landed
    /// and only its reply was lost with the connection. The caller rolls back (it is recorded).
    Already,
    /// The claim is not the worker's (the lease ran out and another worker took it, or the file
    /// was queued again): the caller must roll back whatever it wrote for the file, so that a
    /// file is only ever committed by one worker.
    NotOurs,
}

/// Mark `path` finished, if `worker` still holds its claim.
/// `committed`: the caller's transaction recorded the file (counted in `commits`).
pub(crate) fn finish(
    tx: &mut Transaction<'_>,
    worker: &str,
    path: &str,
    end: End<'_>,
    committed: bool,
) -> Result<Finish, postgres::Error> {
    let (state, pages, error) = match end {
        End::Done { pages } => ("done", Some(pages), None),
        End::Failed { error } => ("failed", None, Some(error)),
    };
    // Typed: one round trip, in every file's commit.
    let n = tx.execute_typed(
        "UPDATE work SET state = $3, pages = $4, error = $5, finished_at = now(), lease_until = NULL,
           commits = commits + $6
         WHERE path = $1 AND worker = $2 AND state = 'claimed'",
        &[
            (&path, Type::TEXT),
            (&worker, Type::TEXT),
            (&state, Type::TEXT),
            (&pages, Type::INT4),
            (&error, Type::TEXT),
            (&i32::from(committed), Type::INT4),
        ],
    )?;
    if n == 1 {
        return Ok(Finish::Now);
    }
    // Only on the rare path: a second round trip to tell a landed retry from a lost claim.
    let mine = tx.query_opt(
        "SELECT 1 FROM work WHERE path = $1 AND worker = $2 AND state IN ('done', 'failed')",
        &[&path, &worker],
    )?;
    Ok(if mine.is_some() { Finish::Already } else { Finish::NotOurs })
}

/// Whether `worker` may record `path` now: `Now` while it holds the claim (locked until the
/// caller's transaction ends), `Already` when it finished the file before, `NotOurs` otherwise.
pub(crate) fn holds(tx: &mut Transaction<'_>, worker: &str, path: &str) -> Result<Finish, postgres::Error> {
    // Typed: one round trip, in every file's commit.
    let row = tx.query_typed_opt(
        "SELECT state FROM work WHERE path = $1 AND worker = $2 FOR UPDATE",
        &[(&path, Type::TEXT), (&worker, Type::TEXT)],
    )?;
    Ok(match row.map(|r| r.get::<_, String>(0)).as_deref() {
        Some("claimed") => Finish::Now,
        Some("done" | "failed") => Finish::Already,
        _ => Finish::NotOurs,
    })
}

/// The files `worker` holds claims on.
pub(crate) fn held(client: &mut impl GenericClient, worker: &str) -> Result<Vec<WorkItem>, postgres::Error> {
    let rows = client.query(
        "SELECT path, shown, size, mtime_ns, pages_estimate FROM work WHERE worker = $1 AND state = 'claimed'
         ORDER BY pages_estimate DESC, size DESC, path",
        &[&worker],
    )?;
    Ok(rows.iter().map(item).collect())
}

/// Put one file `worker` holds back in the queue, unrecorded, as `release` does for all.
pub(crate) fn hand_back(client: &mut impl GenericClient, worker: &str, path: &str) -> Result<u64, postgres::Error> {
    client.execute(
        "UPDATE work SET state = 'queued', worker = NULL, claimed_at = NULL, lease_until = NULL,
           attempts = greatest(attempts - 1, 0)
         WHERE path = $1 AND worker = $2 AND state = 'claimed'",
        &[&path, &worker],
    )
}

/// Mark a file given up on (see `Claims::given_up`) as failed.
pub(crate) fn give_up(tx: &mut Transaction<'_>, path: &str, error: &str) -> Result<(), postgres::Error> {
    tx.execute(
        "UPDATE work SET state = 'failed', error = $2, finished_at = now(), lease_until = NULL, worker = NULL
         WHERE path = $1",
        &[&path, &error],
    )?;
    Ok(())
}

/// Keep `worker`'s claims alive for another `lease`; returns how many it holds.
pub(crate) fn renew(client: &mut impl GenericClient, worker: &str, lease: Duration) -> Result<u64, postgres::Error> {
    client.execute("UPDATE workers SET last_seen = now() WHERE id = $1", &[&worker])?;
    client.execute(
        "UPDATE work SET lease_until = now() + make_interval(secs => $2) WHERE worker = $1 AND state = 'claimed'",
        &[&worker, &lease.as_secs_f64()],
    )
}

/// Hand back the files `worker` claimed but did not finish (it is stopping), without counting
/// the attempt against them.
pub(crate) fn release(client: &mut impl GenericClient, worker: &str) -> Result<u64, postgres::Error> {
    let n = client.execute(
        "UPDATE work SET state = 'queued', worker = NULL, claimed_at = NULL, lease_until = NULL,
           attempts = greatest(attempts - 1, 0)
         WHERE worker = $1 AND state = 'claimed'",
        &[&worker],
    )?;
    client.execute("UPDATE workers SET stopped_at = now(), last_seen = now() WHERE id = $1", &[&worker])?;
    Ok(n)
}

/// Record a worker starting.
pub(crate) fn register(
    client: &mut impl GenericClient,
    worker: &str,
    host: &str,
    pid: u32,
    jobs: usize,
) -> Result<(), postgres::Error> {
    client.execute(
        "INSERT INTO workers (id, host, pid, jobs) VALUES ($1, $2, $3, $4)
         ON CONFLICT (id) DO UPDATE SET started_at = now(), last_seen = now(), stopped_at = NULL, jobs = excluded.jobs",
        &[&worker, &host, &(pid as i32), &(jobs as i32)],
    )?;
    Ok(())
}

/// Whether any file is still queued or claimed (by anyone): a worker with nothing to claim
/// waits while others hold claims, since a claim whose worker dies comes back.
pub(crate) fn unfinished(client: &mut impl GenericClient) -> Result<bool, postgres::Error> {
    let r = client.query_one(
        "SELECT EXISTS (SELECT 1 FROM work WHERE state = 'queued')
             OR EXISTS (SELECT 1 FROM work WHERE state = 'claimed')",
        &[],
    )?;
    Ok(r.get(0))
}

/// `finish` for the file a record is about, once all that is written about it has landed.
pub(crate) fn finish_record(
    tx: &mut Transaction<'_>,
    worker: &str,
    record: &crate::catalog::Record,
) -> Result<Finish, postgres::Error> {
    use crate::catalog::Record;
    let error;
    let (path, end) = match record {
        Record::Processed { file, document, .. } => {
            (&file.path, End::Done { pages: i32::try_from(document.pages).unwrap_or(i32::MAX) })
        }
        Record::Duplicate { file } => (&file.path, End::Done { pages: 0 }),
        Record::Failed(f) => {
            error = format!("{}: {}", f.stage, f.error);
            (&f.path, End::Failed { error: &error })
        }
    };
    finish(tx, worker, path, end, true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::PgCatalog;
    use crate::testing::TempPostgres;

    fn queue() -> PgCatalog {
        let server = TempPostgres::shared();
        PgCatalog::open(&server.url_with_password(&server.fresh_database())).unwrap()
    }

    /// /a (1 page), /b (5 pages), /c (2 pages, the largest file).
    fn queue_of_three() -> PgCatalog {
        let cat = queue();
        add(&mut *cat.client().unwrap(), &[item("/a", 1, 10), item("/b", 5, 10), item("/c", 2, 99)]).unwrap();
        cat
    }

    fn item(path: &str, pages: usize, size: u64) -> WorkItem {
        WorkItem { path: path.into(), shown: path.into(), size, mtime_ns: 7, pages_estimate: pages }
    }

    fn claim_now(cat: &PgCatalog, worker: &str, n: usize, lease: Duration, max_attempts: u32) -> Claims {
        let mut client = cat.client().unwrap();
        let mut tx = client.transaction().unwrap();
        let got = claim(&mut tx, worker, n, lease, max_attempts).unwrap();
        tx.commit().unwrap();
        got
    }

    fn paths(c: &Claims) -> Vec<&str> {
        c.items.iter().map(|i| i.path.as_str()).collect()
    }

    #[test]
    fn adding_is_idempotent_and_a_changed_file_is_queued_again() {
        let cat = queue();
        let mut c = cat.client().unwrap();
        let files = [item("/a", 1, 10), item("/b", 5, 10), item("/c", 2, 10)];
        assert_eq!(add(&mut *c, &files).unwrap(), Added { new: 3, changed: 0, pages: 8 });
        assert_eq!(add(&mut *c, &files).unwrap(), Added::default());
        assert_eq!(add(&mut *c, &[item("/b", 5, 11)]).unwrap(), Added { new: 0, changed: 1, pages: 5 });
    }

    #[test]
    fn claims_go_biggest_first_never_twice_and_only_the_holder_finishes() {
        let cat = queue_of_three();
        let lease = Duration::from_secs(60);
        let a = claim_now(&cat, "A", 2, lease, 3);
        assert_eq!(paths(&a), ["/b", "/c"]);
        let b = claim_now(&cat, "B", 5, lease, 3);
        assert_eq!(paths(&b), ["/a"]);
        assert!(claim_now(&cat, "C", 5, lease, 3).items.is_empty());

        let mut client = cat.client().unwrap();
        let mut tx = client.transaction().unwrap();
        assert_eq!(finish(&mut tx, "B", "/b", End::Done { pages: 5 }, true).unwrap(), Finish::NotOurs, "not B's claim");
        assert_eq!(finish(&mut tx, "A", "/b", End::Done { pages: 5 }, true).unwrap(), Finish::Now);
        assert_eq!(finish(&mut tx, "A", "/b", End::Done { pages: 5 }, true).unwrap(), Finish::Already, "done already");
        tx.commit().unwrap();
        assert_eq!(renew(&mut *client, "A", lease).unwrap(), 1, "A still holds /c");
        assert_eq!(release(&mut *client, "A").unwrap(), 1);
        assert!(unfinished(&mut *client).unwrap());
        drop(client);
        assert_eq!(paths(&claim_now(&cat, "C", 5, lease, 3)), ["/c"], "released work comes back");
        let r = cat.client().unwrap().query_one("SELECT commits, state FROM work WHERE path = '/b'", &[]).unwrap();
        assert_eq!((r.get::<_, i32>(0), r.get::<_, String>(1)), (1, "done".to_string()));
    }

    #[test]
    fn holding_a_claim_is_told_from_having_finished_it_and_from_losing_it() {
        let cat = queue_of_three();
        let lease = Duration::from_secs(60);
        claim_now(&cat, "A", 1, lease, 3); // /b
        claim_now(&cat, "B", 1, lease, 3); // /c
        let mut client = cat.client().unwrap();
        let mut tx = client.transaction().unwrap();
        assert_eq!(holds(&mut tx, "A", "/b").unwrap(), Finish::Now);
        assert_eq!(holds(&mut tx, "A", "/c").unwrap(), Finish::NotOurs, "B's");
        assert_eq!(holds(&mut tx, "A", "/a").unwrap(), Finish::NotOurs, "nobody's yet");
        assert_eq!(finish(&mut tx, "A", "/b", End::Done { pages: 5 }, true).unwrap(), Finish::Now);
        assert_eq!(holds(&mut tx, "A", "/b").unwrap(), Finish::Already);
        tx.commit().unwrap();
    }

    #[test]
    fn lapsed_claims_taken_over_come_first_and_are_counted() {
        let cat = queue_of_three();
        claim_now(&cat, "A", 1, Duration::ZERO, 3); // /b, lapsed at once
        let b = claim_now(&cat, "B", 2, Duration::from_secs(60), 3);
        assert_eq!((paths(&b), b.taken_over), (vec!["/b", "/c"], 1));
        assert_eq!(claim_now(&cat, "C", 2, Duration::from_secs(60), 3).taken_over, 0);
    }

    #[test]
    fn a_worker_sees_what_it_holds_and_can_hand_one_file_back() {
        let cat = queue_of_three();
        let lease = Duration::from_secs(60);
        let a = claim_now(&cat, "A", 2, lease, 3);
        claim_now(&cat, "B", 1, lease, 3);
        let mut client = cat.client().unwrap();
        assert_eq!(held(&mut *client, "A").unwrap(), a.items);
        assert_eq!(hand_back(&mut *client, "A", "/c").unwrap(), 1);
        assert_eq!(hand_back(&mut *client, "A", "/a").unwrap(), 0, "B's");
        let held_paths: Vec<String> = held(&mut *client, "A").unwrap().into_iter().map(|i| i.path).collect();
        assert_eq!(held_paths, ["/b"]);
        let r = client.query_one("SELECT state, attempts, worker FROM work WHERE path = '/c'", &[]).unwrap();
        assert_eq!(
            (r.get::<_, String>(0), r.get::<_, i32>(1), r.get::<_, Option<String>>(2)),
            ("queued".into(), 0, None)
        );
        drop(client);
        assert_eq!(paths(&claim_now(&cat, "C", 5, lease, 3)), ["/c"], "handed back, handed out again");
    }

    #[test]
    fn a_lapsed_claim_is_taken_over_and_a_file_that_outlives_its_workers_is_given_up() {
        let cat = queue();
        add(&mut *cat.client().unwrap(), &[item("/poison", 1, 10)]).unwrap();
        // A zero lease lapses as soon as the claiming transaction is over: a worker that died.
        assert_eq!(paths(&claim_now(&cat, "A", 1, Duration::ZERO, 2)), ["/poison"]);
        let b = claim_now(&cat, "B", 1, Duration::ZERO, 2);
        assert_eq!(paths(&b), ["/poison"], "taken over from A");
        let mut client = cat.client().unwrap();
        let mut tx = client.transaction().unwrap();
        let c = claim(&mut tx, "C", 1, Duration::ZERO, 2).unwrap();
        assert!(c.items.is_empty());
        assert_eq!(c.given_up.iter().map(|(i, n)| (i.path.as_str(), *n)).collect::<Vec<_>>(), [("/poison", 2)]);
        give_up(&mut tx, "/poison", "given up").unwrap();
        tx.commit().unwrap();
        let mut tx = client.transaction().unwrap();
        assert_eq!(
            finish(&mut tx, "B", "/poison", End::Done { pages: 1 }, true).unwrap(),
            Finish::NotOurs,
            "B lost it too"
        );
        tx.commit().unwrap();
        assert!(!unfinished(&mut *client).unwrap(), "nothing left: the file is failed");
    }
}
