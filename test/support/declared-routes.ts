import { Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import { INestApplication } from '@nestjs/common';
import { AccessRule, accessRuleOf } from '../../src/auth/access-rule';

export interface DeclaredRoute {
  /** 'AccountsController.create' */
  readonly handler: string;
  readonly rule: AccessRule | undefined;
}

/** Every route handler of every controller the application has registered, with its access rule. */
export function declaredRoutes(app: INestApplication): DeclaredRoute[] {
  const reflector = app.get(Reflector);
  const scanner = new MetadataScanner();
  const routes: DeclaredRoute[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Type | null;
      if (controller === null) continue;
      const prototype = controller.prototype as Record<string, unknown>;
      for (const name of scanner.getAllMethodNames(prototype)) {
        const handler = prototype[name];
        if (typeof handler !== 'function') continue;
        const isRoute = Reflect.getMetadata(PATH_METADATA, handler) !== undefined && Reflect.getMetadata(METHOD_METADATA, handler) !== undefined;
        if (isRoute) routes.push({ handler: `${controller.name}.${name}`, rule: accessRuleOf(reflector, handler, controller) });
      }
    }
  }
  return routes;
}
