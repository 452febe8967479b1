import 'reflect-metadata';
import { bootstrapService, loadConfigOrExit } from '@buergeramt/platform';
import { AppModule, OPENAPI } from './app.module';
import { IdentityConfig } from './config';

const config = loadConfigOrExit(IdentityConfig);
void bootstrapService(AppModule.register(config), config, OPENAPI);
