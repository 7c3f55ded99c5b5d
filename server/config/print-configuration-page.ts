import { readFileSync, writeFileSync } from 'node:fs';
import { CONFIGURATION_PAGE, configurationPage } from './configuration-page.js';

// npm run docs:config
writeFileSync(CONFIGURATION_PAGE, await configurationPage(readFileSync(CONFIGURATION_PAGE, 'utf8')));
console.log(`wrote ${CONFIGURATION_PAGE}`);
