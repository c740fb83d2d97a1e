/** A hashtag as compared: without its `#`, in lower case. */
const normal = (tag: string) => tag.replace(/^#/, '').toLowerCase();

/** Keeps the items whose hashtags include `tag` (all of them when no tag is asked). */
export function withHashtag<T>(items: T[], tag: string | undefined, hashtagsOf: (item: T) => string[] | undefined): T[] {
  if (!tag) return items;
  const wanted = normal(tag);
  return items.filter((item) => (hashtagsOf(item) ?? []).some((h) => normal(h) === wanted));
}
