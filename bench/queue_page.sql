-- The first page of the moderation queue (sort recent, 50 rows) as
-- api.moderation_queue runs it, without the function, the session check or
-- HTTP: the floor the API's page is measured against.
with page as (
	select q.*, t.version, t.excerpt, t.author_id, t.proposal_id,
		au.display_name as author_name
	from moderation_queue q
	cross join lateral (
		select c.version, left(c.body, 200) as excerpt, c.author_id, c.proposal_id,
			cp.district_id
		from comments c join proposals cp on cp.id = c.proposal_id
		where q.target_type = 'comment' and c.id = q.target_id
		union all
		select pr.version, left(pr.body, 200), pr.author_id, null::bigint, pr.district_id
		from proposals pr
		where q.target_type = 'proposal' and pr.id = q.target_id
	) t
	join citizens au on au.id = t.author_id
	order by q.last_report_at desc, q.target_type desc, q.target_id desc
	limit 50
)
select jsonb_agg(jsonb_build_object(
		'target', jsonb_build_object('type', q.target_type, 'id', q.target_id),
		'version', q.version, 'open_reports', q.open_count,
		'reasons', jsonb_strip_nulls(jsonb_build_object(
			'spam', nullif(q.n_spam, 0), 'offensive', nullif(q.n_offensive, 0),
			'off_topic', nullif(q.n_off_topic, 0),
			'personal_data', nullif(q.n_personal_data, 0), 'other', nullif(q.n_other, 0))),
		'first_report_at', q.first_report_at, 'last_report_at', q.last_report_at,
		'excerpt', q.excerpt,
		'author', jsonb_build_object('id', q.author_id, 'display_name', q.author_name),
		'hidden', q.hidden, 'hidden_auto', q.hidden_auto,
		'escalated', q.escalated_at is not null, 'proposal_id', q.proposal_id)
		order by q.last_report_at desc, q.target_type desc, q.target_id desc)
from page q;
