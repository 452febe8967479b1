import 'reflect-metadata';
import { bootstrapService, loadConfigOrExit } from '@buergeramt/platform';
import { AppModule, OPENAPI } from './app.module';
import { AppointmentsConfig } from './config';

const config = loadConfigOrExit(AppointmentsConfig);
void bootstrapService(AppModule.register(config), config, OPENAPI);
