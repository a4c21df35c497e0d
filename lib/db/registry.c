/* registry.c - the importer table built from feeds.def; see feed.h. */
#include "db/feed.h"

const struct ks_feed *const ks_feeds[] = {
#define KS_FEED(id) &ks_feed_##id,
#include "db/feeds.def"
#undef KS_FEED
	NULL,
};

const struct ks_feed *ks_feed_detect(const char *path, const uint8_t *head, size_t n)
{
	size_t i;

	for (i = 0; ks_feeds[i] != NULL; i++)
		if (ks_feeds[i]->detect(path, head, n))
			return ks_feeds[i];
	return NULL;
}
