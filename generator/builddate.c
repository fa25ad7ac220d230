/* builddate.c - see builddate.h. */
#include "builddate.h"

#include <git2.h>
#include <stdlib.h>
#include <string.h>

/* Date of HEAD's commit in the repository around dir: 0, or -1 if none. */
static int head_date(struct date *out, const char *dir)
{
	git_repository *repo = NULL;
	git_object *obj = NULL;
	int rc = -1;

	git_libgit2_init();
	git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_GLOBAL, "");
	git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_XDG, "");
	git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_SYSTEM, "");
	if (git_repository_open_ext(&repo, dir, 0, NULL) != 0)
		goto out;
	if (git_revparse_single(&obj, repo, "HEAD^{commit}") != 0)
		goto out;
	*out = date_from_time((long long)git_commit_time((git_commit *)obj),
			      git_commit_time_offset((git_commit *)obj));
	rc = 0;
out:
	git_object_free(obj);
	git_repository_free(repo);
	git_libgit2_shutdown();
	return rc;
}

int builddate_resolve(struct date *out, const char *opt, const struct site *s, struct diag *d)
{
	const char *epoch = getenv("SOURCE_DATE_EPOCH"), *why;
	char *end;
	long long t;
	size_t i;

	*out = (struct date){1970, 1, 1};
	if (opt) {
		if (date_parse(out, opt, &why) == 0)
			return 0;
		diag_error(d, "--date", 0, 0, "%s: '%s'", why, opt);
		return -1;
	}
	if (epoch && *epoch) {
		t = strtoll(epoch, &end, 10);
		if (*end || t < 0) {
			diag_error(d, "SOURCE_DATE_EPOCH", 0, 0, "not a number of seconds: '%s'",
				   epoch);
			return -1;
		}
		*out = date_from_time(t, 0);
		return 0;
	}
	if (head_date(out, s->content_dir) == 0)
		return 0;
	for (i = 0; i < s->ndocs; i++) {
		const struct doc *doc = s->docs[i];
		const struct date ds[] = {doc->signed_on, doc->published, doc->effective};
		size_t k;
		for (k = 0; k < 3; k++)
			if (date_cmp(ds[k], *out) > 0)
				*out = ds[k];
	}
	return 0;
}
