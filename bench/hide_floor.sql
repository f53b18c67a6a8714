-- The floor of a bulk hide: the bare UPDATEs a hide of the chosen comments
-- needs (the comments, and their open reports), timed inside the server and
-- rolled back. Prints the milliseconds.
begin;
create temporary table t0 as select clock_timestamp() as at;
update comments c set hidden = true, hidden_auto = false, hidden_reason = 'spam',
	moderated_by = 1, moderated_at = now(), version = c.version + 1
from bench_items b where c.id = b.id;
update reports r set status = 'upheld', decided_by = 1, decided_at = now()
from bench_items b where r.target_type = 'comment' and r.target_id = b.id and r.status = 'open';
select round(extract(epoch from clock_timestamp() - at) * 1000, 1) from t0;
rollback;
