/* Parts that several answers share, read with the decoding context: agents,
 * targets, {code, name} pairs, lists of objects, the status of an item. */
#include <limits.h>
#include <string.h>

#include "codec.h"
#include "dec.h"

static const char *const role_names[] = {
	[NET_ROLE_MODERATOR] = "moderator", [NET_ROLE_REFERENT] = "referent",
	[NET_ROLE_INSTRUCTOR] = "instructor", [NET_ROLE_ADMIN] = "admin",
	[NET_ROLE_FRONTOFFICE] = "frontoffice",
};

/* The order of enum net_item_status. */
static const char *const status_names[NET_ITEM_STATUSES] = {
	"ok", "conflict", "forbidden", "invalid",
};

enum net_role
dec_role(const char *name)
{
	int role = name ? name_index(role_names, (int)(sizeof role_names / sizeof *role_names),
	    name) : -1;

	/* a role this console does not know yet is shown, not refused */
	return role > 0 ? (enum net_role)role : NET_ROLE_UNKNOWN;
}

void
dec_target(struct dec *d, json_t *obj, struct net_target *t)
{
	int type = dec_enum(d, obj, "type", REQUIRED, net_target_names, 2);

	/* an unknown type fails the decoding: what is stored then is never read */
	t->type = type == NET_COMMENT ? NET_COMMENT : NET_PROPOSAL;
	t->id = dec_int(d, obj, "id", REQUIRED, 1, LLONG_MAX);
}

const char *
dec_agent_ref(struct dec *d, json_t *obj, const char *key)
{
	json_t *ref = dec_obj(d, obj, key, OPTIONAL);
	const char *name, *login;
	size_t old;

	if (ref == NULL)
		return NULL;
	old = dec_push(d, key, -1);
	name = dec_str(d, ref, "display_name", OPTIONAL);
	login = dec_str(d, ref, "login", OPTIONAL);
	dec_pop(d, old);
	return name != NULL && name[0] != '\0' ? name : login;
}

void
dec_person(struct dec *d, json_t *obj, const char *key, int flags, long long *id,
    const char **name)
{
	json_t *v = dec_obj(d, obj, key, flags);
	size_t old;

	if (v == NULL)
		return;
	old = dec_push(d, key, -1);
	*id = dec_int(d, v, "id", REQUIRED, 1, LLONG_MAX);
	*name = dec_str(d, v, "display_name", REQUIRED);
	dec_pop(d, old);
}

void
dec_code_name(struct dec *d, json_t *obj, const char *key, const char **code, const char **name)
{
	json_t *v = dec_obj(d, obj, key, OPTIONAL);
	size_t old;

	if (v == NULL)
		return;
	old = dec_push(d, key, -1);
	if (code != NULL)
		*code = dec_str(d, v, "code", REQUIRED);
	if (name != NULL)
		*name = dec_str(d, v, "name", REQUIRED);
	dec_pop(d, old);
}

void *
dec_objects(struct dec *d, json_t *obj, const char *key, int flags, size_t size, size_t *n,
    void (*one)(struct dec *, json_t *, void *))
{
	json_t *list = dec_array(d, obj, key, flags), *v;
	unsigned char *out;
	size_t i, old;

	*n = 0;
	if (list == NULL)
		return NULL;
	out = dec_alloc(d, json_array_size(list), size);
	if (out == NULL)
		return NULL;
	json_array_foreach(list, i, v) {
		if (d->failed)
			break;
		old = dec_push(d, key, (long)i);
		if (!json_is_object(v))
			dec_fail(d, NULL, W_OBJECT, false);
		else
			one(d, v, out + i * size);
		dec_pop(d, old);
	}
	*n = json_array_size(list);
	return out;
}

enum net_item_status
dec_item_status(struct dec *d, json_t *obj)
{
	int s = dec_enum(d, obj, "status", REQUIRED, status_names, NET_ITEM_STATUSES);

	return s >= 0 ? (enum net_item_status)s : NET_ITEM_INVALID;
}

void
dec_item_counts(struct dec *d, json_t *root, int others, size_t counts[NET_ITEM_STATUSES])
{
	json_t *obj = dec_obj(d, root, "counts", REQUIRED);
	size_t old;
	int s;

	if (obj == NULL)
		return;
	old = dec_push(d, "counts", -1);
	for (s = 0; s < NET_ITEM_STATUSES; s++)
		counts[s] = (size_t)dec_int(d, obj, status_names[s],
		    s == NET_ITEM_OK ? REQUIRED : others, 0, LLONG_MAX);
	dec_pop(d, old);
}
