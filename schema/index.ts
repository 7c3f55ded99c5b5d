import { builder } from './builder.js';
import './scalars.js';
import './connections.js';
import './user.js';
import './two-factor.js';
import './session.js';
import './password-reset.js';
import './movie.js';
import './media.js';
import './stream.js';
import './notice.js';
import './download.js';
import './coin.js';
import './vip.js';
import './resumable-upload.js';
import './storage-usage.js';

builder.queryType({ authScopes: { loggedIn: true } });
builder.mutationType({ authScopes: { loggedIn: true } });

export const schema = builder.toSchema({ sortSchema: false });
