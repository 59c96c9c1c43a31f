#!/usr/bin/env node
'use strict';
require('../dist/bundle/cli.js').main(process.argv.slice(2));
