// Loaded before every test file: NestJS and TypeORM read decorator metadata through reflect-metadata.
require('reflect-metadata');
