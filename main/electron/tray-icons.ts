// The tray icons as PNG data: the four-tile mark in the brand's teal, violet and sky while the vault is open, in
// slate (one tile faded) while it is locked. 16 px with a 32 px representation for high-density screens. Kept
// inline so the packaged app needs no extra files outside its asar.
export const TRAY_ICONS = {
  unlocked: { x1: 'iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAYAAAAf8/9hAAAAa0lEQVR42mNgoBbQvbI/AYgbkHACTK6x50cCEDcg4QRsmv9jwQlQzf+x4ARkAxpwGACzEZsBDYPLAMrCgOJYIKTIYu+PBCBuQMIJ2DRjdSZU838sOAHZAJwBBbURmwENg8sAysKA4ligBAAA59ri11yyJ1sAAAAASUVORK5CYII=', x2: 'iVBORw0KGgoAAAANSUhEUgAAACAAAAAgCAYAAABzenr0AAAAnUlEQVR42u2UMQ6AMAhFvZC713M3+ScyXsJ7sHZDahyMphXqQAdI3kSa/9oUhiGqtxr3DQIJXCD38Dw3LwkCCVwg96AJZyV4hLMS1ATIIEA3ATIIUE2ALdwE2EIIhEDXAu5j6LuI3Fdx1J+nnNYEgQQukHvQhJs/0xXOSlATaBqnj5u/XqIm0LRQDOEnIRACXQu4j6HvInJfxVEedQC8U1Y/OawsqgAAAABJRU5ErkJggg==' },
  locked: { x1: 'iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAYAAAAf8/9hAAAAW0lEQVR42mNgoBaYsnhHAhA3IOEEJDkLIPZGwhbYNP/HghOgmqdhwRbIBjTgMKABaiM2A7wHlwGUhQHFsUBIET7DkTVjdSY+7yEbgDOg8AXw4DKAsjCgOBYoAQDG9se+vychpgAAAABJRU5ErkJggg==', x2: 'iVBORw0KGgoAAAANSUhEUgAAACAAAAAgCAYAAABzenr0AAAAjklEQVR42u2UsQ3AIAwEGZK1EE3EAlkiWzECMR2KDMJO8RRv6Spk+QT4Q2CdVtf9ZKEKbUI/y0pfFJJQJvSzuDO8bZI/w8smcSVQDQJ16EsGgbQSaBaGvmKBAhQ4WgC+htgggkcx689Vep9OG27+TN7Pqwm41sm7vpqAK1C8AUYBChwpAF9DbBDBo5iFqBd1w+lkJ/9PEAAAAABJRU5ErkJggg==' },
} as const;
