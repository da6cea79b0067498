// Remembers the light/dark choice for a year; the server reads it on the next page request so the first paint is right.
export function remember(name, value) {
    document.cookie = `${name}=${value}; path=/; max-age=31536000; samesite=lax`;
}
