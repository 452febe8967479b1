import 'reflect-metadata';
import { bootstrapService, loadConfigOrExit } from '@buergeramt/platform';
import { AppModule, OPENAPI } from './app.module';
import { ApplicationsConfig } from './config';

const config = loadConfigOrExit(ApplicationsConfig);
void bootstrapService(AppModule.register(config), config, OPENAPI);
