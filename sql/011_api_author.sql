-- The author of reported content, as a moderator weighs them: whether they
-- are blocked, how much of what they wrote is hidden, and the last of it.

-- One citizen's history of hidden content. p: {id}
-- -> {citizen: {id, display_name, district: {code, name} or null,
--     blocked_until, block_reason}, hidden: {comments, proposals},
--     open_reports, items: [{type, id, hidden_reason, hidden_auto,
--     moderated_at, excerpt}]}
-- items: the last 20 hidden, newest first; an item hidden by the report
-- threshold has no moderated_at yet and counts from its creation.
create function api.moderation_author(token text, p jsonb) returns jsonb
language plpgsql stable as $$
declare
	a agents := priv.require(token, 'moderator');
	c citizens;
	n_comments int;
	n_proposals int;
	n_open int;
	items jsonb;
begin
	if jsonb_typeof(coalesce(p, 'null')) <> 'object' then
		perform priv.fail(400, 'invalid', 'the request must be a JSON object');
	end if;
	select * into c from citizens where id = priv.int_arg(p, 'id', 1);
	if not found then
		perform priv.fail(404, 'not_found', 'no such citizen');
	end if;

	select count(*) into n_comments from comments where author_id = c.id and hidden;
	select count(*) into n_proposals from proposals where author_id = c.id and hidden;
	select count(*) into n_open
	from reports r
	where r.status = 'open'
	  and ((r.target_type = 'comment' and r.target_id in
			(select id from comments where author_id = c.id))
		or (r.target_type = 'proposal' and r.target_id in
			(select id from proposals where author_id = c.id)));

	select coalesce(jsonb_agg(jsonb_build_object('type', h.type, 'id', h.id,
			'hidden_reason', h.hidden_reason, 'hidden_auto', h.hidden_auto,
			'moderated_at', h.moderated_at, 'excerpt', h.excerpt)
			order by h.at desc, h.type, h.id desc), '[]')
	into items
	from (
		-- each side bounded first: an author may have thousands
		(select 'comment'::target_type as type, id, hidden_reason, hidden_auto,
			moderated_at, left(body, 200) as excerpt,
			coalesce(moderated_at, created_at) as at
		from comments
		where author_id = c.id and hidden
		order by coalesce(moderated_at, created_at) desc, id desc
		limit 20)
		union all
		(select 'proposal', id, hidden_reason, hidden_auto, moderated_at,
			left(title || ': ' || body, 200), coalesce(moderated_at, created_at)
		from proposals
		where author_id = c.id and hidden
		order by coalesce(moderated_at, created_at) desc, id desc
		limit 20)
		order by at desc, type, id desc
		limit 20
	) h;

	return jsonb_build_object(
		'citizen', jsonb_build_object('id', c.id, 'display_name', c.display_name,
			'district', (select jsonb_build_object('code', d.code, 'name', d.name)
				from districts d where d.id = c.district_id),
			'blocked_until', c.blocked_until, 'block_reason', c.block_reason),
		'hidden', jsonb_build_object('comments', n_comments, 'proposals', n_proposals),
		'open_reports', n_open,
		'items', items);
end
$$;
