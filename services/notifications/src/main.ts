import 'reflect-metadata';
import { bootstrapService, loadConfigOrExit } from '@buergeramt/platform';
import { AppModule, OPENAPI } from './app.module';
import { NotificationsConfig } from './config';

const config = loadConfigOrExit(NotificationsConfig);
void bootstrapService(AppModule.register(config), config, OPENAPI);
