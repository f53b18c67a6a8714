-- The directory of the back office: the departments, the active agents, the
-- districts and the themes that proposals are given to or filtered by, so
-- that the console completes the names people type.

-- p: {} (ignored). Returns {departments: [{code, name}], agents: [{login,
-- display_name, role, department}], districts: [{code, name}], themes:
-- [{code, name}]}, each list in code (or login) order. Agents are the active
-- agents of the back office only (never the front office's account); no
-- secret of theirs leaves the database.
create function api.directory(token text, p jsonb) returns jsonb
language plpgsql stable as $$
declare
	a agents := priv.require(token, 'moderator', 'referent', 'instructor');
begin
	return jsonb_build_object(
		'departments', (select coalesce(jsonb_agg(jsonb_build_object('code', d.code,
				'name', d.name) order by d.code collate "C"), '[]')
			from departments d),
		'agents', (select coalesce(jsonb_agg(jsonb_build_object('login', g.login,
				'display_name', g.display_name, 'role', g.role,
				'department', d.code) order by g.login collate "C"), '[]')
			from agents g left join departments d on d.id = g.department_id
			where g.active and g.role <> 'frontoffice'),
		'districts', (select coalesce(jsonb_agg(jsonb_build_object('code', di.code,
				'name', di.name) order by di.code collate "C"), '[]')
			from districts di),
		'themes', (select coalesce(jsonb_agg(jsonb_build_object('code', t.code,
				'name', t.name) order by t.code collate "C"), '[]')
			from themes t));
end
$$;
