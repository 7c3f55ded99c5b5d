// The types of built-client.mjs, which stays JavaScript so that cli/youku.mjs runs it uncompiled.

export declare const BUILT_CLIENT: string;
export declare const BUILT_FROM: string;

/** True when the bundle is there and none of the files it was made from has changed, or gone, since. */
export declare function builtClientIsCurrent(root?: string): boolean;
