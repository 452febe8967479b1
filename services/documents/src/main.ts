import 'reflect-metadata';
import { bootstrapService, loadConfigOrExit } from '@buergeramt/platform';
import { AppModule, OPENAPI } from './app.module';
import { DocumentsConfig } from './config';

const config = loadConfigOrExit(DocumentsConfig);
void bootstrapService(AppModule.register(config), config, OPENAPI);
