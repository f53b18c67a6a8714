-- Merging similar proposals into one project (regroupement), and undoing a
-- merge.
--
-- The rules, as these functions apply them:
-- * All the proposals of a merge belong to one edition. A source may be
--   submitted, admissible, inadmissible, in costing or costed: not merged
--   already, withdrawn, or decided by the selection (selected, not_selected,
--   winner, not_winner). The target may be submitted, admissible, in costing
--   or costed, and is never one of the sources.
-- * The target is an existing proposal or a new one. A new target is
--   created in the sources' edition, admissible, written by the author of
--   the first source; its district is the one given, or the district all
--   sources share, or the city-wide one; its theme is the one given or the
--   theme all sources share.
-- * Each source becomes merged into the target and keeps, in its merges
--   row, the state it had, so that an unmerge gives it back. The authors of
--   the sources and their co-authors become co-authors of the target, each
--   remembering the merge that brought them.
-- * Unmerge undoes the latest merge of a source while the target has not
--   been through the selection. The co-authors that merge brought leave the
--   target unless another standing merge brings them too.

alter table merges add column prior_state proposal_state;	-- the source's state before
alter table merges add column batch_id uuid;	-- the call that made it
create index merges_batch on merges (batch_id);

-- The co-authors a target owes to its standing merges: authors of its
-- sources and their co-authors, each from the earliest merge that brings
-- them. Adds those missing; returns how many were added.
create function priv.merge_coauthors(target bigint) returns int
language plpgsql as $$
declare
	added int;
begin
	insert into proposal_coauthors (proposal_id, citizen_id, via_merge)
	select distinct on (x.citizen_id) target, x.citizen_id, x.merge_id
	from (
		select m.id as merge_id, s.author_id as citizen_id
		from merges m join proposals s on s.id = m.source_id
		where m.target_id = target and m.undone_at is null
		union all
		select m.id, pc.citizen_id
		from merges m join proposal_coauthors pc on pc.proposal_id = m.source_id
		where m.target_id = target and m.undone_at is null
	) x
	where x.citizen_id <> (select author_id from proposals where id = target)
	order by x.citizen_id, x.merge_id
	on conflict do nothing;
	get diagnostics added = row_count;
	return added;
end
$$;

create function priv.coauthor_ids(proposal bigint) returns jsonb
language sql stable as $$
	select coalesce(jsonb_agg(citizen_id order by citizen_id), '[]')
	from proposal_coauthors where proposal_id = proposal
$$;

-- Merges proposals into a target. p: {sources: [{id, version}], target:
-- {id, version} or {new: {title, body, district?, theme?}}, note?}.
-- Returns {batch_id, target: {id, version, created}, sources: [{id,
-- version, merge_id}]}. The whole merge applies or nothing does: a stale
-- version is 409 conflict listing the items, a rule broken is 422
-- invalid_merge naming the reason and the items.
create function api.proposal_merge(token text, p jsonb) returns jsonb
language plpgsql as $$
declare
	agent agents := priv.require(token, 'instructor');
	prior jsonb := priv.idem_claim(agent.id, 'proposal_merge', p);
	batch uuid := gen_random_uuid();
	src_ids bigint[];
	src_versions int[];
	tid bigint;
	tver int;
	spec jsonb;
	merge_note text;
	tgt proposals;
	first_src proposals;
	dist_id int;
	thm_id int;
	bad jsonb;
	before_coauthors jsonb;
	sources_out jsonb;
begin
	if prior is not null then
		return prior;
	end if;
	if jsonb_typeof(p->'sources') is distinct from 'array' then
		perform priv.fail(400, 'invalid', 'sources must be a list of {id, version}');
	end if;
	select array_agg(i.id order by i.ord), array_agg(i.version order by i.ord)
	into src_ids, src_versions
	from priv.items(jsonb_build_object('items', p->'sources')) i;
	merge_note := nullif(priv.text_arg(p, 'note', 0, 5000), '');
	if jsonb_typeof(p->'target') is distinct from 'object' then
		perform priv.fail(400, 'invalid', 'target must be {id, version} or {new: {title, body}}');
	end if;
	if p->'target' ? 'new' then
		spec := p#>'{target,new}';
		if jsonb_typeof(spec) is distinct from 'object' then
			perform priv.fail(400, 'invalid', 'target.new must be {title, body, district?, theme?}');
		end if;
		perform priv.text_arg(spec, 'title', 1, 300), priv.text_arg(spec, 'body', 1, 200000);
		if priv.text_arg(spec, 'district', 0, 20) is not null then
			dist_id := (priv.district_by_code(spec->>'district')).id;
		end if;
		if priv.text_arg(spec, 'theme', 0, 50) is not null then
			select id into thm_id from themes where code = spec->>'theme';
			if not found then
				perform priv.fail(400, 'unknown_theme', format('no theme %L', spec->>'theme'));
			end if;
		end if;
	else
		tid := priv.int_arg(p->'target', 'id', 1);
		tver := priv.int_arg(p->'target', 'version', 0, 2147483647);
		if tid is null or tver is null then
			perform priv.fail(400, 'invalid', 'target must be {id, version} or {new: {title, body}}');
		end if;
		if tid = any (src_ids) then
			perform priv.fail(422, 'invalid_merge', 'the target is one of the sources',
				jsonb_build_object('reason', 'target_in_sources', 'ids', jsonb_build_array(tid)));
		end if;
	end if;

	-- in id order, so that concurrent merges cannot deadlock
	perform from proposals where id = any (src_ids || tid) order by id for update;

	select jsonb_agg(r.id order by r.ord) into bad
	from unnest(src_ids || tid) with ordinality as r(id, ord)
	where r.id is not null and not exists (select from proposals where id = r.id);
	if bad is not null then
		perform priv.fail(404, 'not_found', 'no such proposal', jsonb_build_object('ids', bad));
	end if;
	select jsonb_agg(jsonb_build_object('id', pr.id) || priv.proposal_last_change(pr) order by r.ord)
	into bad
	from unnest(src_ids || tid, src_versions || tver) with ordinality as r(id, version, ord)
	join proposals pr on pr.id = r.id
	where pr.version <> r.version;
	if bad is not null then
		perform priv.fail(409, 'conflict', 'some proposals changed since you read them',
			jsonb_build_object('items', bad));
	end if;
	if (select count(distinct edition) from proposals where id = any (src_ids || tid)) > 1 then
		perform priv.fail(422, 'invalid_merge', 'the proposals belong to different editions',
			jsonb_build_object('reason', 'editions', 'ids',
				(select jsonb_agg(jsonb_build_object('id', id, 'edition', edition) order by id)
				from proposals where id = any (src_ids || tid))));
	end if;
	select jsonb_agg(jsonb_build_object('id', pr.id, 'state', pr.state) order by pr.id) into bad
	from proposals pr
	where pr.id = any (src_ids)
	  and pr.state in ('merged', 'withdrawn', 'selected', 'not_selected', 'winner', 'not_winner');
	if bad is not null then
		perform priv.fail(422, 'invalid_merge',
			'a source is already merged, withdrawn or through the selection',
			jsonb_build_object('reason', 'source_state', 'ids', bad));
	end if;

	if tid is null then
		select * into first_src from proposals where id = src_ids[1];
		if dist_id is null then
			select min(district_id) into dist_id from proposals
			where id = any (src_ids) having count(distinct district_id) = 1;
		end if;
		if dist_id is null then
			select id into dist_id from districts where citywide;
			if not found then
				perform priv.fail(422, 'invalid_merge',
					'the sources are in several districts and there is no city-wide district',
					jsonb_build_object('reason', 'district'));
			end if;
		end if;
		if thm_id is null then
			select min(theme_id) into thm_id from proposals
			where id = any (src_ids) having count(distinct theme_id) = 1 and count(theme_id) = count(*);
		end if;
		insert into proposals (edition, title, body, author_id, district_id, theme_id,
			state, updated_by)
		values (first_src.edition, priv.text_arg(spec, 'title', 1, 300),
			priv.text_arg(spec, 'body', 1, 200000), first_src.author_id, dist_id, thm_id,
			'admissible', agent.id)
		returning * into tgt;
	else
		select * into tgt from proposals where id = tid;
		if tgt.state not in ('submitted', 'admissible', 'costing', 'costed') then
			perform priv.fail(422, 'invalid_merge',
				format('a proposal in state %s cannot receive a merge', tgt.state),
				jsonb_build_object('reason', 'target_state', 'ids',
					jsonb_build_array(jsonb_build_object('id', tgt.id, 'state', tgt.state))));
		end if;
	end if;
	before_coauthors := priv.coauthor_ids(tgt.id);

	insert into merges (target_id, source_id, merged_by, note, prior_state, batch_id)
	select tgt.id, pr.id, agent.id, merge_note, pr.state, batch
	from unnest(src_ids) with ordinality as r(id, ord) join proposals pr on pr.id = r.id
	order by r.ord;

	with upd as (
		update proposals pr set
			state = 'merged', merged_into = m.target_id, state_changed_at = now(),
			version = pr.version + 1, updated_by = agent.id, updated_at = now()
		from merges m
		where m.batch_id = batch and pr.id = m.source_id
		returning pr.id, pr.version, pr.author_id, pr.title, m.id as merge_id, m.prior_state
	), aud as (
		insert into audit (agent_id, action, target_type, target_id, before, after, batch_id)
		select agent.id, 'proposal.merge', 'proposal', u.id,
			jsonb_build_object('state', u.prior_state, 'merged_into', null),
			jsonb_build_object('state', 'merged', 'merged_into', tgt.id, 'merge_id', u.merge_id),
			batch
		from upd u
	), sent as (
		insert into outbox (citizen_id, kind, target_type, target_id, payload)
		select u.author_id, 'merge', 'proposal', u.id,
			jsonb_build_object('proposal_id', u.id, 'title', u.title,
				'merged_into', jsonb_build_object('id', tgt.id, 'title', tgt.title),
				'note', merge_note)
		from upd u
	)
	select jsonb_agg(jsonb_build_object('id', u.id, 'version', u.version,
		'merge_id', u.merge_id) order by r.ord)
	into sources_out
	from unnest(src_ids) with ordinality as r(id, ord) join upd u on u.id = r.id;

	perform priv.merge_coauthors(tgt.id);
	if tid is not null then
		update proposals set version = version + 1, updated_by = agent.id, updated_at = now()
		where id = tgt.id
		returning * into tgt;
		perform priv.audit(agent.id, 'proposal.merge_target', 'proposal', tgt.id,
			jsonb_build_object('coauthors', before_coauthors),
			jsonb_build_object('coauthors', priv.coauthor_ids(tgt.id),
				'merged_from', to_jsonb(src_ids)),
			batch);
	else
		perform priv.audit(agent.id, 'proposal.merge_target', 'proposal', tgt.id, null,
			jsonb_build_object('title', tgt.title, 'author_id', tgt.author_id,
				'district', (select code from districts where id = tgt.district_id),
				'theme', (select code from themes where id = tgt.theme_id),
				'state', tgt.state, 'coauthors', priv.coauthor_ids(tgt.id),
				'merged_from', to_jsonb(src_ids)),
			batch);
	end if;
	perform priv.emit('proposal.merged', jsonb_build_object('target', tgt.id,
		'created', tid is null, 'sources', to_jsonb(src_ids)));
	return priv.idem_store(agent.id, p, jsonb_build_object('batch_id', batch,
		'target', jsonb_build_object('id', tgt.id, 'version', tgt.version,
			'created', tid is null),
		'sources', sources_out));
end
$$;

-- Undoes the latest merge of a source. p: {id (the source), version}.
-- Returns {id, version, state, merge_id, target: {id, version}}.
create function api.proposal_unmerge(token text, p jsonb) returns jsonb
language plpgsql as $$
declare
	agent agents := priv.require(token, 'instructor');
	prior jsonb := priv.idem_claim(agent.id, 'proposal_unmerge', p);
	sid bigint := priv.int_arg(p, 'id', 1);
	asked int := priv.int_arg(p, 'version', 0, 2147483647);
	src proposals;
	tgt proposals;
	m merges;
	before_coauthors jsonb;
	back_to proposal_state;
begin
	if prior is not null then
		return prior;
	end if;
	if sid is null or asked is null then
		perform priv.fail(400, 'invalid', 'id and version are required');
	end if;
	-- source and target, locked in id order like a merge locks them
	perform from proposals
	where id = sid or id = (select merged_into from proposals where id = sid)
	order by id for update;
	select * into src from proposals where id = sid;
	if not found then
		perform priv.fail(404, 'not_found', 'no such proposal');
	end if;
	if src.version <> asked then
		perform priv.fail(409, 'conflict', 'the proposal changed since you read it',
			priv.proposal_last_change(src));
	end if;
	select * into m from merges
	where source_id = sid and undone_at is null
	order by id desc limit 1;
	if src.state <> 'merged' or m.id is null then
		perform priv.fail(422, 'invalid_transition',
			format('a proposal in state %s is not merged', src.state));
	end if;
	select * into tgt from proposals where id = m.target_id;
	if tgt.state in ('selected', 'not_selected', 'winner', 'not_winner') then
		perform priv.fail(422, 'invalid_transition',
			format('the project it was merged into is %s: the merge stands', tgt.state));
	end if;
	back_to := coalesce(m.prior_state, 'admissible');
	before_coauthors := priv.coauthor_ids(tgt.id);

	update merges set undone_by = agent.id, undone_at = now() where id = m.id;
	update proposals set
		state = back_to, merged_into = null, state_changed_at = now(),
		version = version + 1, updated_by = agent.id, updated_at = now()
	where id = sid
	returning * into src;
	delete from proposal_coauthors where proposal_id = tgt.id and via_merge = m.id;
	-- a co-author this merge brought may be owed by another standing merge
	perform priv.merge_coauthors(tgt.id);
	update proposals set version = version + 1, updated_by = agent.id, updated_at = now()
	where id = tgt.id
	returning * into tgt;

	perform priv.audit(agent.id, 'proposal.unmerge', 'proposal', sid,
		jsonb_build_object('state', 'merged', 'merged_into', tgt.id),
		jsonb_build_object('state', back_to, 'merged_into', null, 'merge_id', m.id));
	perform priv.audit(agent.id, 'proposal.unmerge_target', 'proposal', tgt.id,
		jsonb_build_object('coauthors', before_coauthors),
		jsonb_build_object('coauthors', priv.coauthor_ids(tgt.id), 'unmerged', sid));
	perform priv.notify_citizen(src.author_id, 'merge', 'proposal', sid,
		jsonb_build_object('proposal_id', sid, 'title', src.title,
			'unmerged_from', jsonb_build_object('id', tgt.id, 'title', tgt.title)));
	perform priv.emit('proposal.unmerged', jsonb_build_object('source', sid,
		'target', tgt.id, 'state', back_to));
	return priv.idem_store(agent.id, p, jsonb_build_object('id', sid,
		'version', src.version, 'state', src.state, 'merge_id', m.id,
		'target', jsonb_build_object('id', tgt.id, 'version', tgt.version)));
end
$$;
