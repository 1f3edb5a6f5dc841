/**
 * Knowledge-base articles for the demo: the answers agents look up while on a call. Two per
 * category and language; the generator varies them with a product when more are requested.
 */
import type { CustomerLanguage } from '../../shared/domain/customer';
import type { TicketCategory } from './ticket-templates';

export interface ArticleTemplate {
  readonly category: TicketCategory;
  readonly title: string;
  readonly body: string;
}

const article = (category: TicketCategory, title: string, body: string): ArticleTemplate => ({ category, title, body });

export const ARTICLE_TEMPLATES: Readonly<Record<CustomerLanguage, readonly ArticleTemplate[]>> = {
  en: [
    article('billing', 'Explaining a duplicate charge', 'A duplicate charge is usually a pending authorisation that the bank releases within 3 business days.\n\n1. Check the invoice history for two paid invoices with the same period.\n2. If only one invoice exists, tell the customer the second line is a hold and will disappear.\n3. If two invoices were paid, open a refund for the newer one and tag the ticket "overcharge".'),
    article('billing', 'Sending a copy of an invoice', 'Customers can download every invoice from Account > Billing.\n\nIf they cannot sign in, confirm their identity (email and last 4 digits of the card) and send the PDF from the billing console. Never send invoices to an address that is not on the account.'),
    article('account', 'Unlocking an account after failed sign-ins', 'After 5 failed attempts an account is locked for 15 minutes.\n\n1. Verify the caller (email, phone, last order number).\n2. Use "Unlock" in the admin console; do not reset the password on their behalf.\n3. Ask the customer to use "Forgot password" if they still cannot sign in.'),
    article('account', 'Two-factor codes not arriving', 'Codes are sent by SMS to the phone on file and expire after 5 minutes.\n\nCheck that the phone number is correct and in international format. If the customer changed phones, verify identity with two factors and remove the old device so they can enrol again.'),
    article('delivery', 'Tracking stuck for several days', 'Tracking that has not changed for 3 business days usually means the parcel is waiting at a sorting centre.\n\nOpen a trace with the carrier from the order page. If nothing is found within 5 business days, offer a replacement or a refund.'),
    article('delivery', 'Parcel marked delivered but not received', 'Ask the customer to check with neighbours and the building reception, and to wait 24 hours: carriers sometimes scan early.\n\nIf it is still missing, file a carrier claim and ship a replacement for orders under the claim threshold.'),
    article('refund', 'Refund timelines by payment method', 'Cards: 5 to 10 business days after we issue the refund.\nBank transfer: 2 business days.\nStore credit: immediate.\n\nGive the customer the refund reference so their bank can trace it.'),
    article('refund', 'Creating a return label', 'Return labels are generated from the order page (Actions > Return).\n\nLabels expire after 14 days. If a label does not scan, void it and issue a new one; never ask the customer to pay for postage on a faulty item.'),
    article('outage', 'Handling calls during an incident', 'When the status page shows an active incident:\n\n1. Link the ticket to the incident and set priority to high.\n2. Use the incident macro so the customer is told we are working on it.\n3. Do not promise an ETA unless the status page gives one.'),
    article('outage', 'App crashes on start', 'Ask for the app version and device model. Most crashes are fixed by updating the app.\n\nIf the app is up to date, collect the time of the crash and escalate to L2 with the device details.'),
    article('cancellation', 'Cancelling a subscription', 'Subscriptions end at the close of the current billing period; there is no partial refund for unused days.\n\nBefore cancelling, offer the retention options the customer is eligible for. Record the reason in the ticket tags.'),
    article('cancellation', 'Closing an account and deleting data', 'Account deletion is permanent after 30 days.\n\nConfirm identity, explain that invoices are kept for legal reasons, then submit the deletion request from the privacy console.'),
    article('plan', 'Changing plans', 'Upgrades take effect immediately and are prorated. Downgrades take effect at the next renewal.\n\nCheck seat and storage usage before a downgrade: the customer must be within the smaller plan\'s limits.'),
    article('plan', 'Comparing plans', 'Basic: 1 user, email support.\nPlus: up to 5 users, chat support.\nPremium: up to 25 users, phone support and reports.\nBusiness: unlimited users, a named account manager.'),
    article('payment', 'Declined cards', 'Declines are decided by the customer\'s bank. Suggest they confirm the billing address, check the card limit, or call the bank to authorise the payment.\n\nWe cannot see the reason for a decline beyond the generic code.'),
    article('payment', 'Accepted payment methods', 'Cards (Visa, Mastercard, Amex), bank transfer for annual plans, and in Brazil Pix and boleto.\n\nChanging the method on file is done by the customer under Account > Billing.'),
    article('product', 'First-time setup of devices', 'Most setup problems come from a 5 GHz-only network.\n\n1. Ask the customer to enable 2.4 GHz or a mixed mode.\n2. Keep the device within 3 metres of the router during setup.\n3. Reset the device (hold the button 10 seconds) and start again.'),
    article('product', 'Logging feature requests', 'Thank the customer, describe the use case in the ticket, and tag it "feature-request". Product reviews these tags every sprint.\n\nDo not promise dates for features that are not announced.'),
    article('privacy', 'Data access requests', 'We must answer within the legal deadline (15 days under LGPD, one month under GDPR).\n\nVerify identity, then submit the request in the privacy console. The customer receives an encrypted export by email.'),
    article('privacy', 'Stopping marketing messages', 'Marketing preferences are under Account > Notifications.\n\nIf the customer asks you, switch off every marketing channel for them and tell them it can take up to 48 hours to stop completely.'),
  ],
  'pt-BR': [
    article('billing', 'Como explicar uma cobrança duplicada', 'Uma cobrança duplicada normalmente é uma pré-autorização que o banco libera em até 3 dias úteis.\n\n1. Verifique no histórico se há duas faturas pagas para o mesmo período.\n2. Se houver só uma fatura, explique que a segunda linha é uma reserva e vai sumir.\n3. Se houver duas faturas pagas, abra o estorno da mais recente e marque o ticket com "overcharge".'),
    article('billing', 'Envio de segunda via de fatura', 'O cliente pode baixar todas as faturas em Conta > Cobrança.\n\nSe não conseguir entrar, confirme a identidade (e-mail e 4 últimos dígitos do cartão) e envie o PDF pelo console de cobrança. Nunca envie faturas para um endereço que não esteja na conta.'),
    article('account', 'Desbloqueio de conta após tentativas de acesso', 'Após 5 tentativas erradas a conta fica bloqueada por 15 minutos.\n\n1. Confirme a identidade (e-mail, telefone, número do último pedido).\n2. Use "Desbloquear" no console; não redefina a senha pelo cliente.\n3. Oriente o cliente a usar "Esqueci minha senha" se ainda não conseguir entrar.'),
    article('account', 'Código de verificação não chega', 'Os códigos são enviados por SMS para o telefone cadastrado e expiram em 5 minutos.\n\nConfira se o telefone está correto e no formato internacional (+55). Se o cliente trocou de aparelho, confirme a identidade com dois fatores e remova o dispositivo antigo.'),
    article('delivery', 'Rastreio parado há vários dias', 'Rastreio sem atualização por 3 dias úteis geralmente indica que o volume está em um centro de distribuição.\n\nAbra uma investigação com a transportadora pela página do pedido. Sem retorno em 5 dias úteis, ofereça reenvio ou reembolso.'),
    article('delivery', 'Pedido marcado como entregue e não recebido', 'Peça ao cliente que verifique com vizinhos e portaria e aguarde 24 horas: às vezes a transportadora registra antes.\n\nSe continuar sumido, abra reclamação com a transportadora e reenvie pedidos abaixo do limite de sinistro.'),
    article('refund', 'Prazos de reembolso por forma de pagamento', 'Cartão: de 5 a 10 dias úteis após o estorno, podendo cair na fatura seguinte.\nPix: até 2 dias úteis.\nCrédito na loja: imediato.\n\nInforme ao cliente o código do estorno para ele acompanhar com o banco.'),
    article('refund', 'Gerar etiqueta de devolução', 'A etiqueta é gerada na página do pedido (Ações > Devolução).\n\nEtiquetas vencem em 14 dias. Se não for aceita na agência, cancele e gere outra; nunca peça ao cliente para pagar o frete de um produto com defeito.'),
    article('outage', 'Atendimento durante um incidente', 'Quando a página de status mostrar um incidente ativo:\n\n1. Vincule o ticket ao incidente e defina prioridade alta.\n2. Use a macro de incidente para avisar o cliente que estamos trabalhando nisso.\n3. Não prometa prazo se a página de status não informar um.'),
    article('outage', 'Aplicativo fecha ao abrir', 'Pergunte a versão do aplicativo e o modelo do aparelho. A maioria dos travamentos se resolve atualizando o app.\n\nSe já estiver atualizado, anote o horário do travamento e escale para o N2 com os dados do aparelho.'),
    article('cancellation', 'Cancelamento de assinatura', 'A assinatura termina no fim do período já pago; não há reembolso proporcional.\n\nAntes de cancelar, ofereça as opções de retenção disponíveis para o cliente e registre o motivo nas tags do ticket.'),
    article('cancellation', 'Encerramento de conta e exclusão de dados', 'A exclusão da conta é definitiva após 30 dias.\n\nConfirme a identidade, explique que notas fiscais são mantidas por obrigação legal e registre o pedido no console de privacidade.'),
    article('plan', 'Mudança de plano', 'Upgrades valem na hora, com cobrança proporcional. Downgrades valem na próxima renovação.\n\nAntes de reduzir o plano, confira se o uso de usuários e armazenamento cabe nos limites do plano menor.'),
    article('plan', 'Comparação de planos', 'Básico: 1 usuário, suporte por e-mail.\nPlus: até 5 usuários, suporte por chat.\nPremium: até 25 usuários, suporte por telefone e relatórios.\nEmpresarial: usuários ilimitados e gerente de conta dedicado.'),
    article('payment', 'Cartão recusado', 'A recusa é decidida pelo banco do cliente. Sugira conferir o endereço de cobrança, o limite do cartão ou ligar para o banco autorizando a compra.\n\nNão temos acesso ao motivo da recusa além do código genérico.'),
    article('payment', 'Formas de pagamento aceitas', 'Cartões (Visa, Mastercard, Elo, Amex), Pix, boleto e transferência para planos anuais.\n\nA troca da forma de pagamento é feita pelo próprio cliente em Conta > Cobrança.'),
    article('product', 'Primeira configuração de aparelhos', 'A maioria dos problemas vem de redes só em 5 GHz.\n\n1. Peça para habilitar 2,4 GHz ou o modo misto.\n2. Mantenha o aparelho a até 3 metros do roteador.\n3. Reinicie o aparelho (segure o botão por 10 segundos) e recomece.'),
    article('product', 'Registro de sugestões de clientes', 'Agradeça, descreva o caso de uso no ticket e marque com "feature-request". O time de produto revisa essas tags a cada sprint.\n\nNão prometa datas para funcionalidades não anunciadas.'),
    article('privacy', 'Solicitações de titular (LGPD)', 'O prazo legal de resposta é de 15 dias.\n\nConfirme a identidade e registre o pedido no console de privacidade. O cliente recebe os dados por e-mail em arquivo criptografado.'),
    article('privacy', 'Parar mensagens promocionais', 'As preferências ficam em Conta > Notificações.\n\nSe o cliente pedir, desative todos os canais de marketing por ele e avise que pode levar até 48 horas para parar por completo.'),
  ],
};
