import { Module } from '@nestjs/common';
import { MailRenderer } from './mail-renderer';

@Module({ providers: [MailRenderer], exports: [MailRenderer] })
export class TemplatesModule {}
