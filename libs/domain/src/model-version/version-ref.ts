/** Model names: lower-case letters, digits, `.`, `_`, `-`; start with a letter or digit; at most 100. */
export const MODEL_NAME_PATTERN = /^[a-z0-9][a-z0-9._-]{0,99}$/;
