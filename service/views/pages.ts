import escapeHtml from 'escape-html';
import { allBreeds, breedKey, displayName, type Breed, type BreedList } from '../breeds.js';
import type { Picture } from '../catalog.js';
import { html, SafeHtml } from './html.js';

/** What every page shows around its content. */
export interface PageFrame {
  /** The running version, shown in the footer. */
  readonly version: string;
  /** The breed list for the search box's suggestions, when it is known. */
  readonly breeds?: BreedList;
  /** What the search box holds: the visitor's last input, so a typo can be fixed in place. */
  readonly query?: string;
}

const breedOptions = new WeakMap<BreedList, SafeHtml>();

/** The search box's `<option>`s, rendered once per breed list the catalog fetched. */
function optionsOf(list: BreedList): SafeHtml {
  let options = breedOptions.get(list);
  if (!options) {
    options = html`${allBreeds(list).map((b) => html`<option value="${displayName(b)}"></option>`)}`;
    breedOptions.set(list, options);
  }
  return options;
}

function layout(frame: PageFrame, title: string, content: SafeHtml): string {
  const options = frame.breeds ? optionsOf(frame.breeds) : '';
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Dog pictures</title>
<link rel="stylesheet" href="/static/style.css">
<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
</head>
<body>
<header class="bar"><a href="/">Dog pictures</a></header>
<main>
<form class="search" method="post" action="/" role="search">
<label for="name">Breed</label>
<input id="name" name="name" type="text" list="breed-list" value="${frame.query ?? ''}" maxlength="64" autocomplete="off" spellcheck="false" placeholder="husky, Afghan Hound, hound/afghan" aria-describedby="name-hint">
<button type="submit">Show me a dog</button>
<p id="name-hint" class="hint">Type a breed or a sub-breed as you like to write it; leave it empty for any dog.</p>
<datalist id="breed-list">${options}</datalist>
</form>
${content}
</main>
<footer>Pictures from the <a href="https://dog.ceo/dog-api/">Dog API</a> · version <span class="version">${frame.version}</span></footer>
</body>
</html>
`.value;
}

function breedLink(breed: Breed): SafeHtml {
  return html`<a href="/?breed=${encodeURIComponent(breedKey(breed))}">${displayName(breed)}</a>`;
}

/** Where the picture's URL goes in a rendered picture page; no escaped text can contain a NUL. */
const PICTURE_SLOT = '\u0000picture\u0000';
/** A picture page split around its picture's URL, UTF-8 encoded. */
type PictureFrame = readonly [before: Buffer, after: Buffer];
const NO_LIST = {};
/** Rendered picture frames by breed list (a new list renders anew), then by everything else the page shows. */
const pictureFrames = new WeakMap<BreedList | typeof NO_LIST, Map<string, PictureFrame>>();
/** Frames kept per breed list: one per breed and kind of page is far fewer; a bound in case frames were ever keyed by visitor input. */
const MAX_FRAMES_PER_LIST = 2048;

function renderPicturePage(frame: PageFrame, picture: Picture, image: SafeHtml | string, anyBreed: boolean): string {
  const name = displayName(picture.breed);
  const heading = anyBreed ? 'A random dog' : name;
  const stale = picture.source === 'stale'
    ? html`<p class="notice" role="status">The Dog API is not answering right now, so this picture comes from earlier visits.</p>`
    : '';
  const content = html`<h1>${heading}</h1>
${stale}<figure class="picture">
<img src="${image}" alt="${name}: a random picture from the Dog API">
<figcaption>${name} · ${anyBreed ? html`<a href="/">another dog</a>` : html`<a href="/?breed=${encodeURIComponent(breedKey(picture.breed))}">another ${name}</a>`}</figcaption>
</figure>`;
  return layout(frame, heading, content);
}

/**
 * 200: a picture; `anyBreed` when the visitor did not ask for one. The page around the picture is rendered and
 * encoded once per breed, kind of page and frame; each request only inserts the (escaped) picture URL.
 */
export function picturePage(frame: PageFrame, picture: Picture, anyBreed: boolean): Buffer {
  let frames = pictureFrames.get(frame.breeds ?? NO_LIST);
  if (!frames) pictureFrames.set(frame.breeds ?? NO_LIST, (frames = new Map<string, PictureFrame>()));
  const key = `${frame.version}\u0000${frame.query ?? ''}\u0000${breedKey(picture.breed)}\u0000${anyBreed}\u0000${picture.source === 'stale'}`;
  let parts = frames.get(key);
  if (!parts) {
    const page = renderPicturePage(frame, picture, new SafeHtml(PICTURE_SLOT), anyBreed);
    const slot = page.indexOf(PICTURE_SLOT);
    // A NUL in the breed list or the query would make the slot ambiguous: such a page is rendered whole.
    if (slot !== page.lastIndexOf(PICTURE_SLOT)) return Buffer.from(renderPicturePage(frame, picture, picture.image, anyBreed));
    parts = [Buffer.from(page.slice(0, slot)), Buffer.from(page.slice(slot + PICTURE_SLOT.length))];
    if (frames.size >= MAX_FRAMES_PER_LIST) frames.clear();
    frames.set(key, parts);
  }
  const image = Buffer.from(escapeHtml(picture.image));
  return Buffer.concat([parts[0], image, parts[1]], parts[0].length + image.length + parts[1].length);
}

/** 404: the breed is not in the Dog API's list; offers the closest names. */
export function unknownBreedPage(frame: PageFrame, typed: string, suggestions: readonly Breed[]): string {
  const list = suggestions.length
    ? html`<p>Did you mean:</p>
<ul class="suggestions">${suggestions.map((b) => html`<li>${breedLink(b)}</li>`)}</ul>`
    : html`<p>The suggestions in the search box list every breed the Dog API knows.</p>`;
  const content = html`<h1>No breed called “${typed}”</h1>
<div class="problem">
<p>The Dog API has no breed by that name, so there is no picture to show.</p>
${list}
<p>Or <a href="/">see any dog</a>.</p>
</div>`;
  return layout(frame, 'Unknown breed', content);
}

/** A problem page (4xx or 5xx) with a heading and one explanation. */
export function problemPage(frame: PageFrame, title: string, message: string): string {
  const content = html`<h1>${title}</h1>
<div class="problem"><p>${message}</p><p><a href="/">Back to the start</a></p></div>`;
  return layout(frame, title, content);
}
