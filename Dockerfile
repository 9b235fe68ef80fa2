# One image for every service: `hub serve <service>` picks which one a container runs.
FROM node:20-bookworm-slim AS build
# better-sqlite3 compiles from source (no prebuilt binary is downloaded).
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production APOLLO_TELEMETRY_DISABLED=1 HUB_HOST=0.0.0.0 HUB_DATA_DIR=/data
WORKDIR /app
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/schema ./schema
VOLUME /data
USER node
ENTRYPOINT ["node", "dist/cli/hub.js"]
CMD ["start"]
